package dev.resultstore.impl.storage;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how long to wait before retrying a storage call: exponential backoff from
 * {@code retry.backoff}, doubling up to {@code retry.max-backoff}, with full jitter (a random
 * delay up to the backoff, so that nodes that failed together do not retry together), at most
 * {@code retry.max-retries} retries and, optionally, no retry that would end after
 * {@code retry.max-duration} from the first attempt.
 */
public final class RetryPolicy {

    private final int maxRetries;
    private final List<Class<? extends Throwable>> retryOn;
    private final long backoffNanos;
    private final long maxBackoffNanos;
    private final long maxDurationNanos;

    /**
     * @param maxDuration the total time limit of one call with its retries; zero for none
     */
    public RetryPolicy(int maxRetries, List<Class<? extends Throwable>> retryOn, Duration backoff, Duration maxBackoff,
            Duration maxDuration) {
        this.maxRetries = maxRetries;
        this.retryOn = List.copyOf(retryOn);
        this.backoffNanos = backoff.toNanos();
        this.maxBackoffNanos = Math.max(maxBackoff.toNanos(), backoffNanos);
        this.maxDurationNanos = maxDuration.toNanos();
    }

    public int maxRetries() {
        return maxRetries;
    }

    /** Whether {@code failure} is one that a retry may fix. */
    public boolean retryable(Throwable failure) {
        // Streams (Storage.list) can only throw unchecked: judge them by the I/O failure inside.
        Throwable judged = failure instanceof UncheckedIOException ? failure.getCause() : failure;
        for (Class<? extends Throwable> type : retryOn) {
            if (type.isInstance(judged)) {
                return true;
            }
        }
        return false;
    }

    /**
     * How long to wait before retry number {@code retry} (1 for the first), or -1 when no
     * retry is left: too many, or it would end after the time limit.
     *
     * @param elapsedNanos time since the first attempt started
     */
    public long delayNanos(int retry, long elapsedNanos) {
        if (retry > maxRetries) {
            return -1;
        }
        long ceiling = backoffNanos;
        for (int i = 1; i < retry && ceiling < maxBackoffNanos; i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, maxBackoffNanos);
        long delay = ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
        if (maxDurationNanos > 0 && elapsedNanos + delay >= maxDurationNanos) {
            return -1;
        }
        return delay;
    }
}
