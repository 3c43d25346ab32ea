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

    /** One metrics for all of {@code metrics}: {@link #NONE} for none, the one itself for one. */
    static StoreMetrics all(List<StoreMetrics> metrics) {
        if (metrics.isEmpty()) {
            return NONE;
        }
        if (metrics.size() == 1) {
            return metrics.get(0);
        }
        List<StoreMetrics> each = List.copyOf(metrics);
        return new StoreMetrics() {
            @Override
            public void called(String operation, long nanos, boolean succeeded) {
                each.forEach(metrics -> metrics.called(operation, nanos, succeeded));
            }

            @Override
            public void retrying(String operation) {
                each.forEach(metrics -> metrics.retrying(operation));
            }

            @Override
            public void failed(String operation) {
                each.forEach(metrics -> metrics.failed(operation));
            }

            @Override
            public void cleanedUp(int deleted, int failed) {
                each.forEach(metrics -> metrics.cleanedUp(deleted, failed));
            }
        };
    }
}
