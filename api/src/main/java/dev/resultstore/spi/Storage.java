package dev.resultstore.spi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A key/value blob store that results are kept in: a connector implements it.
 *
 * <p>A storage knows nothing of tasks, JSON or retries (those live once, in the backend). It is
 * created reflectively from configuration: {@code resultstore.storage.config.<param>} keys are
 * applied to the public constructor whose parameter names match (compile with
 * {@code -parameters}), or to a public no-arg constructor plus JavaBean setters. Then
 * {@link #start()} is called once, before any other method.
 *
 * <p>Throw {@link IOException} (or a subclass) for failures that are safe to retry, such as
 * connection errors, time-outs and 5xx answers; throw another exception for failures that a
 * retry cannot fix (authentication, bad request), with a message that says what to check and
 * never contains a secret. Implementations must be thread-safe.
 *
 * <p>A storage that can write conditionally across every writer (ETags, generations, file locks)
 * implements {@link ConditionalStorage} as well; the backend then keeps state precedence across
 * processes and nodes, not only within one JVM.
 */
public interface Storage extends AutoCloseable {

    /**
     * Checks the configuration and connects, once, after all parameters are applied. Throw
     * {@link IllegalArgumentException} for a bad parameter value: deployment then fails naming it.
     */
    default void start() throws IOException {
    }

    /**
     * Where this storage keeps its values, for the startup log and messages, e.g.
     * {@code "directory /srv/results"} or {@code "container results at https://acct.blob.core.windows.net"}.
     * Never includes a secret.
     */
    default String description() {
        return getClass().getName();
    }

    /** Stores {@code value} under {@code key}, replacing atomically: readers see the old or the new value, never part. */
    void put(String key, byte[] value) throws IOException;

    /** The value stored under {@code key}, or empty. */
    Optional<byte[]> get(String key) throws IOException;

    /**
     * Opens the value stored under {@code key} for reading, or empty. The backend reads through
     * here when it needs only part of a value or must bound what it reads; override it where the
     * storage can stream (the default reads the whole value first). The caller closes the stream.
     */
    default Optional<InputStream> openStream(String key) throws IOException {
        return get(key).map(ByteArrayInputStream::new);
    }

    /** Deletes {@code key}. Idempotent: {@code false} when it was absent. */
    boolean delete(String key) throws IOException;

    /**
     * The objects whose key starts with {@code keyPrefix}, without reading their contents. The
     * caller closes the stream.
     */
    Stream<StoredObject> list(String keyPrefix) throws IOException;

    /**
     * Deletes many keys, in batches where the storage can. A failure on one key does not stop the
     * others: it is reported in the result.
     */
    default BatchDeleteResult deleteAll(Collection<String> keys) throws IOException {
        int deleted = 0;
        Map<String, Exception> failures = new LinkedHashMap<>();
        for (String key : keys) {
            try {
                if (delete(key)) {
                    deleted++;
                }
            } catch (IOException | RuntimeException e) {
                failures.put(key, e);
            }
        }
        return new BatchDeleteResult(deleted, failures);
    }

    /** Releases connections and threads. */
    @Override
    default void close() throws IOException {
    }
}
