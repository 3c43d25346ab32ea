package dev.resultstore.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.resultstore.impl.metrics.StoreMetrics;

/**
 * One store's meters (see {@link MeterNames}), whatever the metrics API: each registered on first
 * use and then looked up by operation. Subclasses say how a timer or counter of their API is made
 * and updated; this class names no type of either API, so it loads where only one is present.
 *
 * @param <T> the API's timer
 * @param <C> the API's counter
 */
abstract class OperationMeters<T, C> implements StoreMetrics {

    private final Map<String, T> succeeded = new ConcurrentHashMap<>();
    private final Map<String, T> failedCalls = new ConcurrentHashMap<>();
    private final Map<String, C> retries = new ConcurrentHashMap<>();
    private final Map<String, C> failures = new ConcurrentHashMap<>();
    private volatile C deleted;
    private volatile C notDeleted;

    /** Registers the cleanup counters, so that they show (at 0) before any cleanup; called by the subclass once it is set up. */
    final void registerCleanupCounters() {
        deleted = counter(MeterNames.CLEANUP_DELETED, null);
        notDeleted = counter(MeterNames.CLEANUP_FAILED, null);
    }

    /** A timer of {@link MeterNames#CALLS} for the operation and its outcome. */
    abstract T timer(String operation, String outcome);

    /** A counter of {@code name}; {@code operation} is {@code null} for the cleanup counters. */
    abstract C counter(String name, String operation);

    abstract void record(T timer, long nanos);

    abstract void increment(C counter, long amount);

    @Override
    public void called(String operation, long nanos, boolean success) {
        Map<String, T> timers = success ? succeeded : failedCalls;
        record(timers.computeIfAbsent(operation, op -> timer(op, MeterNames.outcome(success))), nanos);
    }

    @Override
    public void retrying(String operation) {
        increment(retries.computeIfAbsent(operation, op -> counter(MeterNames.RETRIES, op)), 1);
    }

    @Override
    public void failed(String operation) {
        increment(failures.computeIfAbsent(operation, op -> counter(MeterNames.FAILURES, op)), 1);
    }

    @Override
    public void cleanedUp(int deletedNow, int failedNow) {
        increment(deleted, deletedNow);
        increment(notDeleted, failedNow);
    }
}
