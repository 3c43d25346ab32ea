package dev.resultstore.impl.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import dev.resultstore.ResultStoreException;
import dev.resultstore.StorageException;
import dev.resultstore.impl.metrics.StoreMetrics;
import dev.resultstore.spi.BatchDeleteResult;
import dev.resultstore.spi.ConditionalStorage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.spi.Versioned;

/**
 * Retries every call of the storage it wraps with the store's {@link RetryPolicy}, the one place
 * retries happen. Retries sleep on the calling thread without holding any lock (nothing in the
 * backend locks around storage calls). When the retries run out, or on a failure that is not
 * safe to retry, the caller gets {@link StorageException} saying what was tried, on which key and
 * in which store.
 */
public final class RetryingStorage implements ConditionalStorage {

    private static final Logger LOG = Logger.getLogger(RetryingStorage.class.getName());

    /** A storage call. */
    @FunctionalInterface
    private interface Call<T> {
        T call() throws Exception;
    }

    private final ConditionalStorage storage;
    private final RetryPolicy policy;
    private final String store;
    private final String keyPrefix;
    private final StoreMetrics metrics;

    /**
     * @param store     the store, for messages, e.g. "store 'default' (filesystem)"
     * @param keyPrefix the store's key prefix, so that messages name the task a key belongs to
     * @param metrics   told of every call, retry and final failure
     */
    public RetryingStorage(ConditionalStorage storage, RetryPolicy policy, String store, String keyPrefix,
            StoreMetrics metrics) {
        this.storage = storage;
        this.policy = policy;
        this.store = store;
        this.keyPrefix = keyPrefix;
        this.metrics = metrics;
    }

    /** The storage as configured, without retries or the JVM-local conditional writes added for it. */
    public dev.resultstore.spi.Storage configured() {
        return storage instanceof LocallyConditionalStorage ? ((LocallyConditionalStorage) storage).delegate() : storage;
    }

    @Override
    public String description() {
        return storage.description();
    }

    @Override
    public void put(String key, byte[] value) {
        call("put", "write", key, () -> {
            storage.put(key, value);
            return null;
        });
    }

    @Override
    public Optional<byte[]> get(String key) {
        return call("get", "read", key, () -> storage.get(key));
    }

    @Override
    public Optional<InputStream> openStream(String key) {
        return call("openStream", "read", key, () -> storage.openStream(key));
    }

    @Override
    public boolean delete(String key) {
        return call("delete", "delete", key, () -> storage.delete(key));
    }

    /** Retries opening the listing; a failure while it is read is a {@link StorageException} at once. */
    @Override
    public Stream<StoredObject> list(String keyPrefix) {
        Stream<StoredObject> listing = call("list", "list", keyPrefix + "*", () -> storage.list(keyPrefix));
        return StorageStreams.failingAs(listing, e -> failure("list", keyPrefix + "*", e, 1));
    }

    @Override
    public BatchDeleteResult deleteAll(Collection<String> keys) {
        return call("deleteAll", "delete", keys.size() + " keys", () -> storage.deleteAll(keys));
    }

    @Override
    public Optional<Versioned> getVersioned(String key) {
        return call("getVersioned", "read", key, () -> storage.getVersioned(key));
    }

    @Override
    public boolean putIfVersion(String key, byte[] value, String expectedVersion) {
        return call("putIfVersion", "write", key, () -> storage.putIfVersion(key, value, expectedVersion));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value) {
        return call("putIfAbsent", "write", key, () -> storage.putIfAbsent(key, value));
    }

    @Override
    public void close() throws IOException {
        storage.close();
    }

    /**
     * @param operation the SPI method, as metrics name it
     * @param action    what the call does, as messages say it ("read", "write", ...)
     */
    private <T> T call(String operation, String action, String key, Call<T> call) {
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            T result;
            try {
                result = call.call();
            } catch (ResultStoreException e) {
                // Already says what went wrong (e.g. a document that cannot be decrypted): not a storage failure.
                metrics.called(operation, System.nanoTime() - start, false);
                throw e;
            } catch (Exception e) {
                long delay = policy.retryable(e) ? policy.delayNanos(attempt, System.nanoTime() - start) : -1;
                if (delay < 0) {
                    metrics.called(operation, System.nanoTime() - start, false);
                    metrics.failed(operation);
                    throw failure(action, key, e, attempt);
                }
                metrics.retrying(operation);
                LOG.log(Level.FINE, "Retrying ({0}/{1}) to {2} {3} in {4}: {5}",
                        new Object[] {attempt, policy.maxRetries(), action, subject(key), store, describe(e)});
                sleep(delay, action, key, e);
                continue;
            }
            // Outside the try: whatever the metrics do is not a storage failure.
            metrics.called(operation, System.nanoTime() - start, true);
            return result;
        }
    }

    private StorageException failure(String action, String key, Throwable e, int attempts) {
        if (e instanceof StorageException) {
            return (StorageException) e;
        }
        String tries = " after " + attempts + (attempts == 1 ? " attempt" : " attempts");
        return new StorageException("Could not " + action + " " + subject(key) + " in " + store + tries + ": " + describe(e), e);
    }

    private String subject(String key) {
        if (key.startsWith(keyPrefix) && dev.resultstore.impl.TaskIds.isValid(key.substring(keyPrefix.length()))) {
            return "the result of task " + key.substring(keyPrefix.length());
        }
        return key;
    }

    private void sleep(long nanos, String action, String key, Exception cause) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            StorageException failure = new StorageException("Interrupted while retrying to " + action + " " + subject(key)
                    + " in " + store, cause);
            failure.addSuppressed(interrupted);
            throw failure;
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
