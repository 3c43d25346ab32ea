package dev.resultstore.impl.metrics;

import java.util.List;

/**
 * What one store reports to metrics: each storage call (through the retries) and its outcome,
 * each retry, each call that failed for good, and what cleanup deleted or could not delete.
 * Without any {@link StoreMetricsFactory} the store gets {@link #NONE}, whose empty methods the
 * JIT removes: a store without a metrics jar pays nothing.
 */
public interface StoreMetrics {

    /** Reports nothing. */
    StoreMetrics NONE = new StoreMetrics() { };

    /**
     * A storage call returned or failed after its retries.
     *
     * @param operation the {@code Storage} method, e.g. {@code get}, {@code put}, {@code list}
     * @param nanos     how long it took, retries and their backoff included
     * @param succeeded whether it returned (else it threw)
     */
    default void called(String operation, long nanos, boolean succeeded) {
    }

    /** A storage call failed with a safe-to-retry exception and is about to be retried. */
    default void retrying(String operation) {
    }

    /** A storage call failed for good: its retries ran out, or the failure was not safe to retry. */
    default void failed(String operation) {
    }

    /** A cleanup batch deleted {@code deleted} results and could not delete {@code failed}. */
    default void cleanedUp(int deleted, int failed) {
    }

    /**
     * One metrics for all of {@code metrics} ({@link #NONE} for none), which never throws: a
     * failing metrics implementation is logged, and the storage call goes on.
     */
    static StoreMetrics all(List<StoreMetrics> metrics) {
        return metrics.isEmpty() ? NONE : new GuardedMetrics(metrics);
    }
}
