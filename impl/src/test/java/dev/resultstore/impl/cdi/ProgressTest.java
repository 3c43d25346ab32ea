package dev.resultstore.impl.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.ResultStores;
import dev.resultstore.StoreResult;
import dev.resultstore.TaskContext;
import dev.resultstore.TaskId;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Custom states with meta, as Celery's update_state: written by a running task, read by both sides. */
class ProgressTest {

    record Seen(String stateName, Object meta, TaskState state) {
    }

    @ApplicationScoped
    public static class Pages {
        static final AtomicReference<Seen> SEEN = new AtomicReference<>();

        @Inject
        TaskContext task;

        @Inject
        @ResultStore
        ResultBackend results;

        @StoreResult
        public String render(@TaskId String id) {
            task.progress(Map.of("current", 2, "total", 5));
            TaskResult<Object> self = results.result(id);
            SEEN.set(new Seen(self.stateName(), self.meta().orElse(null), self.state()));
            return "rendered " + task.taskId().orElseThrow();
        }
    }

    @Test
    void aRunningTaskReportsProgressThatReadersSeeAsACustomStateWithMeta(@TempDir Path directory) {
        TestConfig config = TestConfig.use(Map.of("resultstore.storage", "filesystem",
                "resultstore.storage.config.location", directory.toString()));
        try (WeldContainer container = new Weld().disableDiscovery().addExtension(new ResultStoreExtension())
                .addBeanClasses(Pages.class).initialize()) {
            assertThat(container.select(Pages.class).get().render("p-1")).isEqualTo("rendered p-1");

            Seen seen = Pages.SEEN.get();
            assertThat(seen.stateName()).isEqualTo("PROGRESS");
            assertThat(seen.state()).as("a custom state is not ready").isEqualTo(TaskState.STARTED);
            assertThat(seen.meta()).isEqualTo(Map.of("current", 2, "total", 5));
            TaskContext outside = container.select(TaskContext.class).get();
            assertThat(outside.taskId()).isEmpty();
            assertThatThrownBy(() -> outside.progress(Map.of())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("No @StoreResult task runs on this thread");
        } finally {
            config.close();
        }
    }

    @Test
    void customStatesAreStoredAsCeleryStoresThemAndNeverReplaceAReadyState(@TempDir Path directory) throws Exception {
        try (ResultBackend results = ResultStores.create(Map.of("resultstore.storage", "filesystem",
                "resultstore.storage.config.location", directory.toString()))) {
            results.updateState("c-1", "PROGRESS", Map.of("done", 40));

            String document = Files.readString(directory.resolve("celery-task-meta-c-1"));
            assertThat(document).startsWith("{\"status\": \"PROGRESS\", \"result\": {\"done\":40}");
            assertThat(results.result("c-1").meta()).contains(Map.of("done", 40));

            results.storeSuccess("c-1", "done");
            results.updateState("c-1", "PROGRESS", Map.of("done", 99));
            assertThat(results.result("c-1").stateName()).isEqualTo("SUCCESS");
            assertThat(results.result("c-1").meta()).isEmpty();

            assertThatThrownBy(() -> results.updateState("c-2", "SUCCESS", 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> results.updateState("c-2", "in progress", 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aProgressStateWrittenByCeleryIsReadWithItsMeta(@TempDir Path directory) throws Exception {
        Path golden = Path.of("src/test/resources/celery/celery-task-meta-golden-progress");
        Files.copy(golden, directory.resolve("celery-task-meta-golden-progress"));
        try (ResultBackend results = ResultStores.create(Map.of("resultstore.storage", "filesystem",
                "resultstore.storage.config.location", directory.toString()))) {
            TaskResult<Object> progress = results.result("golden-progress");

            assertThat(progress.stateName()).isEqualTo("PROGRESS");
            assertThat(progress.state()).isEqualTo(TaskState.STARTED);
            assertThat(progress.meta()).isPresent();
        }
    }
}
