package dev.resultstore.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.resultstore.TaskState;
import dev.resultstore.TaskStateChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Counts every stored state in the Micrometer counter {@value MeterNames#STORED} with tags
 * {@code store} ({@code default} for the default store) and {@code state}. The registry is the
 * server's {@code MeterRegistry} bean where there is one (WildFly's micrometer subsystem),
 * else Micrometer's global registry.
 */
@ApplicationScoped
public class StoredStateCounters {

    private final MeterRegistry registry;
    // Observed in the thread that stores: the counter is looked up once per store and state.
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    @Inject
    public StoredStateCounters(Instance<MeterRegistry> registries) {
        this.registry = Registries.of(registries);
    }

    void count(@Observes TaskStateChanged event) {
        String store = MeterNames.storeTag(event.store());
        counters.computeIfAbsent(store + '\n' + event.state(), key -> counter(store, event.state())).increment();
    }

    // Not Counter.builder: WildFly's per-deployment registry exports only meters registered this way.
    private Counter counter(String store, TaskState state) {
        return registry.counter(MeterNames.STORED, "store", store, "state", state.name());
    }
}
