package dev.resultstore.impl.storage;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.resultstore.StorageException;

/**
 * Retries storage calls that fail with a safe-to-retry exception, with exponential backoff;
 * when the retries run out, or on any other failure, throws {@link StorageException}.
 */
public final class RetryPolicy {

    private static final Logger LOG = Logger.getLogger(RetryPolicy.class.getName());

    /** A storage call. */
    public interface StorageCall<T> {
        T call() throws Exception;
    }

    private final int maxRetries;
    private final List<Class<? extends Throwable>> retryOn;
    private final long backoffNanos;
    private final long maxBackoffNanos;

    public RetryPolicy(int maxRetries, List<Class<? extends Throwable>> retryOn, Duration backoff, Duration maxBackoff) {
        this.maxRetries = maxRetries;
        this.retryOn = List.copyOf(retryOn);
        this.backoffNanos = backoff.toNanos();
        this.maxBackoffNanos = Math.max(maxBackoff.toNanos(), backoffNanos);
    }

    public int maxRetries() {
        return maxRetries;
    }

    /**
     * Runs {@code call}; {@code action} says what it does, for messages only (so it is built only
     * on failure), e.g. "store SUCCESS for task abc in store 'default' (filesystem)".
     */
    public <T> T call(StorageCall<T> call, Supplier<String> action) {
        long delay = backoffNanos;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (Exception e) {
                if (!retryable(e)) {
                    throw new StorageException("Could not " + action.get() + ": " + describe(e), e);
                }
                if (attempt > maxRetries) {
                    throw new StorageException("Could not " + action.get() + " after " + attempt
                            + (attempt == 1 ? " attempt" : " attempts") + ": " + describe(e), e);
                }
                LOG.log(Level.FINE, "Retrying ({0}/{1}) to {2}: {3}", new Object[] {attempt, maxRetries, action.get(), describe(e)});
                sleep(delay, action, e);
                delay = Math.min(delay * 2, maxBackoffNanos);
            }
        }
    }

    private boolean retryable(Exception e) {
        // Streams (Storage.list) can only throw unchecked: judge them by the I/O failure inside.
        Throwable failure = e instanceof java.io.UncheckedIOException ? e.getCause() : e;
        for (Class<? extends Throwable> type : retryOn) {
            if (type.isInstance(failure)) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(long nanos, Supplier<String> action, Exception cause) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            StorageException failure = new StorageException("Interrupted while retrying to " + action.get(), cause);
            failure.addSuppressed(interrupted);
            throw failure;
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
