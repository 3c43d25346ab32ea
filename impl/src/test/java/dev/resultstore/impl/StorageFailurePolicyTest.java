package dev.resultstore.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.StorageException;
import dev.resultstore.TaskResult;
import dev.resultstore.impl.store.TaskStore;

/**
 * A result that cannot be stored is never lost silently: the caller gets the StorageException
 * when it waits for the call, and otherwise it is logged at WARNING with the task and the store.
 */
class StorageFailurePolicyTest {

    private static ResultBackend backend(String outage) {
        return ResultStores.create(Map.of("resultstore.storage", OutageStorage.class.getName(),
                "resultstore.storage.config.name", outage, "resultstore.retry.max-retries", "1",
                "resultstore.retry.backoff", "PT0.001S"));
    }

    @Test
    void aWaitingCallerGetsTheStorageExceptionOfItsSuccess() {
        AtomicBoolean down = OutageStorage.flag("sync");
        try (ResultBackend results = backend("sync"); LogCapture log = new LogCapture()) {
            assertThatThrownBy(() -> ((TaskStore) results).runTask("t1", null, true, () -> {
                down.set(true);
                return "value";
            })).isInstanceOf(StorageException.class).hasMessageContaining("task t1");
        } finally {
            down.set(false);
        }
    }

    @Test
    void aFailureThatCannotBeStoredKeepsTheTaskExceptionWithTheStorageFailureSuppressed() {
        AtomicBoolean down = OutageStorage.flag("failure");
        IllegalStateException thrown = new IllegalStateException("task failed");
        try (ResultBackend results = backend("failure")) {
            assertThatThrownBy(() -> ((TaskStore) results).runTask("t2", null, true, () -> {
                down.set(true);
                throw thrown;
            })).isSameAs(thrown);
            assertThat(thrown.getSuppressed()).singleElement().isInstanceOf(StorageException.class);
        } finally {
            down.set(false);
        }
    }

    @Test
    void aStageThatCompletesWhileTheStoreIsDownFailsWithItAndIsLogged() throws Exception {
        AtomicBoolean down = OutageStorage.flag("stage");
        CompletableFuture<String> source = new CompletableFuture<>();
        try (ResultBackend results = backend("stage"); LogCapture log = new LogCapture()) {
            @SuppressWarnings("unchecked")
            CompletableFuture<Object> returned = ((java.util.concurrent.CompletionStage<Object>) ((TaskStore) results)
                    .runTask("t3", null, true, () -> source)).toCompletableFuture();
            down.set(true);
            source.complete("late value");

            assertThatThrownBy(() -> returned.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(StorageException.class);
            assertThat(log.records).anySatisfy(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                assertThat(record.getMessage()).contains("SUCCESS of task t3").contains("store 'default'");
            });
        } finally {
            down.set(false);
        }
    }

    @Test
    void aSubmittedTaskWhoseOutcomeCannotBeStoredIsLoggedAndItsLocalHandleThrows() throws Exception {
        AtomicBoolean down = OutageStorage.flag("submit");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        try (ResultBackend results = backend("submit"); LogCapture log = new LogCapture()) {
            TaskResult<String> task = results.submit("t4", executor, () -> {
                release.await();
                down.set(true);
                return "computed";
            });
            release.countDown();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (log.records.stream().noneMatch(r -> r.getMessage().contains("Could not store SUCCESS of task t4"))
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(log.records).anySatisfy(record -> assertThat(record.getMessage())
                    .contains("Could not store SUCCESS of task t4"));
            down.set(false);

            // The store is back but holds STARTED: the local handle knows the outcome was lost.
            assertThatThrownBy(() -> task.get(Duration.ofSeconds(10))).isInstanceOf(StorageException.class)
                    .hasMessageContaining("write the result of task t4");
        } finally {
            down.set(false);
            executor.shutdownNow();
        }
    }
}
