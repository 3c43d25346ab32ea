package dev.resultstore.impl.store;

import java.time.Duration;

/**
 * How often a waiting handle reads the store: from an eighth of
 * {@code resultstore.await.poll-interval}, doubling up to it, never below a millisecond.
 */
record PollSchedule(long firstNanos, long maxNanos) {

    PollSchedule(Duration interval) {
        this(Math.max(Math.max(interval.toNanos(), 1_000_000L) / 8, 1_000_000L), Math.max(interval.toNanos(), 1_000_000L));
    }

    long next(long delayNanos) {
        return Math.min(delayNanos * 2, maxNanos);
    }
}
