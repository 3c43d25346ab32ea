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
 */
public interface Storage extends AutoCloseable {

    /**
     * Checks the configuration and connects, once, after all parameters are applied. Throw
     * {@link IllegalArgumentException} for a bad parameter value: deployment then fails naming it.
     */
    default void start() throws IOException {
    }

    /** Stores {@code value} under {@code key}, replacing atomically: readers see the old or the new value, never part. */
    void put(String key, byte[] value) throws IOException;

    /** The value stored under {@code key}, or empty. */
    Optional<byte[]> get(String key) throws IOException;

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

    /**
     * Whether {@link #getVersioned} and {@link #putIfVersion} are atomic across every writer of
     * this storage (ETags, generations…). When {@code false}, the backend orders writes within
     * one JVM only.
     */
    default boolean supportsConditionalWrites() {
        return false;
    }

    /** The value with a version token for {@link #putIfVersion}. */
    default Optional<Versioned> getVersioned(String key) throws IOException {
        return get(key).map(value -> new Versioned(value, null));
    }

    /**
     * Stores {@code value} only if the stored version is still {@code expectedVersion}
     * ({@code null}: only if the key is absent).
     *
     * @return {@code false} when another writer got there first
     */
    default boolean putIfVersion(String key, byte[] value, String expectedVersion) throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " does not support conditional writes");
    }

    /** Opens the value for streaming reads; override for large values. */
    default Optional<InputStream> openStream(String key) throws IOException {
        return get(key).map(ByteArrayInputStream::new);
    }

    /** Stores the stream's contents; override to avoid buffering large values. */
    default void put(String key, InputStream value) throws IOException {
        put(key, value.readAllBytes());
    }

    /** Releases connections and threads. */
    @Override
    default void close() throws IOException {
    }
}
