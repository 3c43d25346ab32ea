package dev.resultstore.metrics;

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

    /** One store's Micrometer meters. */
    private final class Meters extends OperationMeters<Timer, Counter> {
        private final String store;

        Meters(String store) {
            this.store = store;
            registerCleanupCounters();
        }

        @Override
        Timer timer(String operation, String outcome) {
            return registry.timer(MeterNames.CALLS, "store", store, "operation", operation, "outcome", outcome);
        }

        @Override
        Counter counter(String name, String operation) {
            return operation == null ? registry.counter(name, "store", store) : registry.counter(name, "store", store, "operation", operation);
        }

        @Override
        void record(Timer timer, long nanos) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        void increment(Counter counter, long amount) {
            counter.increment(amount);
        }
    }
}
