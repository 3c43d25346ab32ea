package dev.resultstore.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import jakarta.enterprise.inject.Instance;

/** Where the meters go: the server's {@code MeterRegistry} bean (WildFly's micrometer subsystem), else Micrometer's global registry. */
final class Registries {

    private Registries() {
    }

    static MeterRegistry of(Instance<MeterRegistry> registries) {
        return registries.isResolvable() ? registries.get() : Metrics.globalRegistry;
    }
}
