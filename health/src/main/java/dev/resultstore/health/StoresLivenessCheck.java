package dev.resultstore.health;

import java.util.Map;

import dev.resultstore.ResultBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: every store's backend is usable in this JVM (it answers without touching the storage,
 * whose outages are readiness matters: restarting the server would not fix them). The public API
 * does not expose the cleanup scheduler, so this check cannot report on it.
 */
@Liveness
@ApplicationScoped
public class StoresLivenessCheck implements HealthCheck {

    private final Instance<ResultBackend> backends;

    @Inject
    public StoresLivenessCheck(@Any Instance<ResultBackend> backends) {
        this.backends = backends;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("resultstore-backends").up();
        for (Map.Entry<String, ResultBackend> store : StoresInUse.of(backends).entrySet()) {
            try {
                store.getValue().operations().description();
                response.withData(store.getKey(), "UP");
            } catch (RuntimeException e) {
                response.withData(store.getKey(), "DOWN: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                response.down();
            }
        }
        return response.build();
    }
}
