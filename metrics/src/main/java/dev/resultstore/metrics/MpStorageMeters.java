package dev.resultstore.metrics;

import java.time.Duration;

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

    /** One store's MicroProfile Metrics meters. */
    private final class Meters extends OperationMeters<Timer, Counter> {
        private final Tag store;

        Meters(Tag store) {
            this.store = store;
            registerCleanupCounters();
        }

        @Override
        Timer timer(String operation, String outcome) {
            return registry.timer(MeterNames.CALLS, store, new Tag("operation", operation), new Tag("outcome", outcome));
        }

        @Override
        Counter counter(String name, String operation) {
            return operation == null ? registry.counter(name, store) : registry.counter(name, store, new Tag("operation", operation));
        }

        @Override
        void record(Timer timer, long nanos) {
            timer.update(Duration.ofNanos(nanos));
        }

        @Override
        void increment(Counter counter, long amount) {
            counter.inc(amount);
        }
    }
}
