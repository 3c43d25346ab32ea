package dev.resultstore.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.resultstore.impl.metrics.StoreMetrics;
import dev.resultstore.impl.metrics.StoreMetricsFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The MicroProfile Metrics meters of each store's storage calls and cleanups (see
 * {@link MeterNames}), in the application registry, for servers that serve MicroProfile Metrics
 * (Payara's /metrics). Reports nothing where the server offers the API but no registry.
 */
@ApplicationScoped
public class MpStorageMeters implements StoreMetricsFactory {

    private final MetricRegistry registry;

    @Inject
    public MpStorageMeters(Instance<MetricRegistry> registries) {
        this.registry = registries.isResolvable() ? registries.get() : null;
    }

    @Override
    public StoreMetrics forStore(String store) {
        return registry == null ? StoreMetrics.NONE : new Meters(new Tag("store", MeterNames.storeTag(store)));
    }

    /** One store's meters, each registered on first use and then looked up by operation. */
    private final class Meters implements StoreMetrics {
        private final Tag store;
        private final Map<String, Timer> succeeded = new ConcurrentHashMap<>();
        private final Map<String, Timer> failedCalls = new ConcurrentHashMap<>();
        private final Map<String, Counter> retries = new ConcurrentHashMap<>();
        private final Map<String, Counter> failures = new ConcurrentHashMap<>();
        private final Counter deleted;
        private final Counter notDeleted;

        Meters(Tag store) {
            this.store = store;
            this.deleted = registry.counter(MeterNames.CLEANUP_DELETED, store);
            this.notDeleted = registry.counter(MeterNames.CLEANUP_FAILED, store);
        }

        @Override
        public void called(String operation, long nanos, boolean success) {
            Map<String, Timer> timers = success ? succeeded : failedCalls;
            timers.computeIfAbsent(operation, op -> registry.timer(MeterNames.CALLS, store, new Tag("operation", op),
                    new Tag("outcome", MeterNames.outcome(success)))).update(Duration.ofNanos(nanos));
        }

        @Override
        public void retrying(String operation) {
            retries.computeIfAbsent(operation, op -> registry.counter(MeterNames.RETRIES, store, new Tag("operation", op))).inc();
        }

        @Override
        public void failed(String operation) {
            failures.computeIfAbsent(operation, op -> registry.counter(MeterNames.FAILURES, store, new Tag("operation", op))).inc();
        }

        @Override
        public void cleanedUp(int deletedNow, int failedNow) {
            deleted.inc(deletedNow);
            notDeleted.inc(failedNow);
        }
    }
}
