package dev.resultstore.impl.metrics;

/**
 * Makes the {@link StoreMetrics} of each store as it is built. The CDI extension asks every bean
 * of this type (resultstore-metrics has one per metrics API the server offers); outside CDI a
 * store reports to nothing.
 */
public interface StoreMetricsFactory {

    /** @param store the store's name ({@code ""}: the default store) */
    StoreMetrics forStore(String store);
}
