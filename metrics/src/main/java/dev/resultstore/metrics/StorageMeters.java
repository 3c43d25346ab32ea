package dev.resultstore.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.resultstore.impl.metrics.StoreMetrics;
import dev.resultstore.impl.metrics.StoreMetricsFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * The Micrometer meters of each store's storage calls and cleanups (see {@link MeterNames}).
 * Registered with {@code registry.counter(name, tags)} rather than a builder: WildFly's
 * per-deployment registry exports only meters registered that way.
 */
@ApplicationScoped
public class StorageMeters implements StoreMetricsFactory {

    private final MeterRegistry registry;

    @Inject
    public StorageMeters(Instance<MeterRegistry> registries) {
        this.registry = Registries.of(registries);
    }

    @Override
    public StoreMetrics forStore(String store) {
        return new Meters(MeterNames.storeTag(store));
    }

    /** One store's meters, each registered on first use and then looked up by operation. */
    private final class Meters implements StoreMetrics {
        private final String store;
        private final Map<String, Timer> succeeded = new ConcurrentHashMap<>();
        private final Map<String, Timer> failedCalls = new ConcurrentHashMap<>();
        private final Map<String, Counter> retries = new ConcurrentHashMap<>();
        private final Map<String, Counter> failures = new ConcurrentHashMap<>();
        private final Counter deleted;
        private final Counter notDeleted;

        Meters(String store) {
            this.store = store;
            this.deleted = registry.counter(MeterNames.CLEANUP_DELETED, "store", store);
            this.notDeleted = registry.counter(MeterNames.CLEANUP_FAILED, "store", store);
        }

        @Override
        public void called(String operation, long nanos, boolean success) {
            Map<String, Timer> timers = success ? succeeded : failedCalls;
            timers.computeIfAbsent(operation, op -> registry.timer(MeterNames.CALLS, "store", store, "operation", op,
                    "outcome", MeterNames.outcome(success))).record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void retrying(String operation) {
            retries.computeIfAbsent(operation, op -> registry.counter(MeterNames.RETRIES, "store", store, "operation", op)).increment();
        }

        @Override
        public void failed(String operation) {
            failures.computeIfAbsent(operation, op -> registry.counter(MeterNames.FAILURES, "store", store, "operation", op)).increment();
        }

        @Override
        public void cleanedUp(int deletedNow, int failedNow) {
            deleted.increment(deletedNow);
            notDeleted.increment(failedNow);
        }
    }
}
