package dev.resultstore.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.resultstore.TaskStateChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/** Counts every stored state in the MicroProfile Metrics counter {@value MeterNames#STORED} (tags store, state). */
@ApplicationScoped
public class MpStoredStateCounters {

    private final MetricRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    @Inject
    public MpStoredStateCounters(Instance<MetricRegistry> registries) {
        this.registry = registries.isResolvable() ? registries.get() : null;
    }

    void count(@Observes TaskStateChanged event) {
        if (registry != null) {
            counters.computeIfAbsent(event.store() + '\n' + event.state(), key -> registry.counter(MeterNames.STORED,
                    new Tag("store", MeterNames.storeTag(event.store())), new Tag("state", event.state().name()))).inc();
        }
    }
}
