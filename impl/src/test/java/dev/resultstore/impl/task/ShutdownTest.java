package dev.resultstore.impl.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.TaskState;

/**
 * Closing a store tells the truth about its tasks: queued ones become REVOKED, running ones that
 * outlast the grace period FAILURE, and those that finish within it are stored as usual.
 */
class ShutdownTest {

    private static Map<String, String> config(Path directory, String grace) {
        return Map.of("resultstore.storage", "filesystem", "resultstore.storage.config.location", directory.toString(),
                "resultstore.shutdown.grace-period", grace);
    }

    @Test
    void queuedTasksAreRevokedAndARunningTaskThatOutlastsTheGracePeriodFails(@TempDir Path directory) throws Exception {
        ExecutorService oneThread = Executors.newSingleThreadExecutor();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        ResultBackend results = ResultStores.create(config(directory, "PT0.2S"));
        try {
            results.submit("long", oneThread, () -> {
                running.countDown();
                never.await();
                return "unreachable";
            });
            results.submit("queued-1", oneThread, () -> "never runs");
            results.submit("queued-2", oneThread, () -> "never runs");
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

            results.close();
        } finally {
            oneThread.shutdownNow();
            assertThat(oneThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        try (ResultBackend reader = ResultStores.create(config(directory, "PT0S"))) {
            assertThat(reader.result("queued-1").state()).isEqualTo(TaskState.REVOKED);
            assertThat(reader.result("queued-2").state()).isEqualTo(TaskState.REVOKED);
            assertThat(reader.result("long").state()).isEqualTo(TaskState.FAILURE);
            assertThat(reader.result("long").failure().orElseThrow().type()).isEqualTo("ShutdownException");
            assertThat(reader.result("long").failure().orElseThrow().message()).contains("shut down while task long was running");
        }
    }

    @Test
    void aTaskThatFinishesWithinTheGracePeriodIsStoredAsUsual(@TempDir Path directory) throws Exception {
        ExecutorService oneThread = Executors.newSingleThreadExecutor();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ResultBackend results = ResultStores.create(config(directory, "PT30S"));
        try {
            results.submit("quick", oneThread, () -> {
                running.countDown();
                finish.await();
                return "done in time";
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            Thread closer = new Thread(results::close);
            closer.start();
            finish.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(closer.isAlive()).isFalse();
        } finally {
            oneThread.shutdownNow();
        }

        try (ResultBackend reader = ResultStores.create(config(directory, "PT0S"))) {
            assertThat(reader.result("quick").state()).isEqualTo(TaskState.SUCCESS);
            assertThat(reader.result("quick").get()).isEqualTo("done in time");
        }
    }
}
