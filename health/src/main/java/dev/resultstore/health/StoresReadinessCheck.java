package dev.resultstore.health;

import java.util.Map;
import java.util.Optional;

import dev.resultstore.ResultBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: every store's storage answers a listing within {@code resultstore.health.timeout}.
 * One check named {@code resultstore} with one data entry per store ({@code <store>} UP or DOWN,
 * {@code <store>.storage} its description, {@code <store>.error} why it is DOWN): the stores are
 * known only at deployment, and a CDI health check answers one response. DOWN if any store is.
 */
@Readiness
@ApplicationScoped
public class StoresReadinessCheck implements HealthCheck {

    private final Instance<ResultBackend> backends;
    private final StorageProbe probe;

    @Inject
    public StoresReadinessCheck(@Any Instance<ResultBackend> backends, StorageProbe probe) {
        this.backends = backends;
        this.probe = probe;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("resultstore").up();
        for (Map.Entry<String, ResultBackend> store : StoresInUse.of(backends).entrySet()) {
            String name = store.getKey();
            ResultBackend backend = store.getValue();
            response.withData(name + ".storage", backend.operations().description());
            Optional<String> problem = probe.probe(name, backend);
            response.withData(name, problem.isEmpty() ? "UP" : "DOWN");
            problem.ifPresent(why -> {
                response.withData(name + ".error", why);
                response.down();
            });
        }
        return response.build();
    }
}
