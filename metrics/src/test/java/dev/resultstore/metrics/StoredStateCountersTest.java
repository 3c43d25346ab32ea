package dev.resultstore.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.TaskState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/** The counters of stored states, fed by the extension's TaskStateChanged events on real stores. */
class StoredStateCountersTest {

    @ApplicationScoped
    public static class Application {
        @Inject
        @ResultStore
        ResultBackend results;
        @Inject
        @ResultStore("archive")
        ResultBackend archive;
    }

    /** What a server with Micrometer offers: a MeterRegistry bean. */
    @ApplicationScoped
    public static class ServerRegistry {
        static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

        @Produces
        MeterRegistry registry() {
            return REGISTRY;
        }
    }

    @TempDir
    Path dir;

    private TestConfig config;

    @AfterEach
    void release() {
        config.close();
    }

    private WeldContainer start(Class<?>... beans) {
        config = new TestConfig(Map.of(
                "resultstore.storage", "filesystem",
                "resultstore.storage.config.location", dir.resolve("default").toString(),
                "resultstore.archive.storage", "filesystem",
                "resultstore.archive.storage.config.location", dir.resolve("archive").toString()));
        return Containers.start(beans);
    }

    private static double count(MeterRegistry registry, String store, TaskState state) {
        Counter counter = registry.find(MeterNames.STORED).tag("store", store).tag("state", state.name()).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void everyStoredStateIsCountedPerStoreAndStateInTheServersRegistry() {
        try (WeldContainer container = start(Application.class, ServerRegistry.class)) {
            ResultBackend results = container.select(ResultBackend.class, ResultStore.Literal.DEFAULT).get();
            ResultBackend archive = container.select(ResultBackend.class, ResultStore.Literal.of("archive")).get();

            results.markStarted("c-1");
            results.storeSuccess("c-1", "done");
            results.storeSuccess("c-2", "done");
            results.storeState("c-2", TaskState.STARTED); // refused after SUCCESS: not stored, not counted
            archive.storeFailure("c-3", new IllegalStateException("disk full"));

            MeterRegistry registry = ServerRegistry.REGISTRY;
            assertThat(count(registry, "default", TaskState.STARTED)).isEqualTo(1);
            assertThat(count(registry, "default", TaskState.SUCCESS)).isEqualTo(2);
            assertThat(count(registry, "archive", TaskState.FAILURE)).isEqualTo(1);
            assertThat(count(registry, "archive", TaskState.SUCCESS)).isZero();
        }
    }

    @Test
    void withoutARegistryBeanTheGlobalRegistryCounts() {
        SimpleMeterRegistry global = new SimpleMeterRegistry();
        Metrics.addRegistry(global);
        try (WeldContainer container = start(Application.class)) {
            container.select(ResultBackend.class, ResultStore.Literal.DEFAULT).get().storeSuccess("g-1", 42);

            assertThat(count(global, "default", TaskState.SUCCESS)).isEqualTo(1);
        } finally {
            Metrics.removeRegistry(global);
        }
    }
}
