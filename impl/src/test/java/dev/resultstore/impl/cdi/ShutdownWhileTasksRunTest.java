package dev.resultstore.impl.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.StoreResult;
import dev.resultstore.TaskId;
import dev.resultstore.TaskState;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A task that completes while the container shuts down is still stored: the interceptors hold
 * the backend itself (not a client proxy of a context being destroyed), and closing the backend
 * waits for the task within the grace period.
 */
class ShutdownWhileTasksRunTest {

    @ApplicationScoped
    public static class SlowTasks {
        private final CompletableFuture<String> release = new CompletableFuture<>();

        public CompletableFuture<String> release() {
            return release;
        }

        @StoreResult
        public CompletableFuture<String> slow(@TaskId String id) {
            return release.thenApply(value -> value + " " + id);
        }
    }

    @Test
    void aStageThatCompletesDuringShutdownIsStored(@TempDir Path directory) throws Exception {
        TestConfig config = TestConfig.use(Map.of("resultstore.storage", "filesystem",
                "resultstore.storage.config.location", directory.toString(),
                "resultstore.shutdown.grace-period", "PT30S"));
        try {
            WeldContainer container = new Weld().disableDiscovery().addExtension(new ResultStoreExtension())
                    .addBeanClasses(SlowTasks.class).initialize();
            SlowTasks tasks = container.select(SlowTasks.class).get();
            tasks.slow("during-shutdown");
            CompletableFuture<String> release = tasks.release();

            Thread shutdown = new Thread(container::close);
            shutdown.start();
            release.complete("finished");
            shutdown.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(shutdown.isAlive()).isFalse();
        } finally {
            config.close();
        }

        try (ResultBackend reader = ResultStores.create(Map.of("resultstore.storage", "filesystem",
                "resultstore.storage.config.location", directory.toString()))) {
            assertThat(reader.result("during-shutdown").state()).isEqualTo(TaskState.SUCCESS);
            assertThat(reader.result("during-shutdown").get()).isEqualTo("finished during-shutdown");
        }
    }
}
