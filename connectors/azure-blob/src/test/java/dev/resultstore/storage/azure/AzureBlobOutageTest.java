package dev.resultstore.storage.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.StorageException;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskState;

/**
 * Azurite goes away for about ten seconds while results are being stored. Each test starts its
 * own Azurite, keeping data on disk so that it survives the restart, and stops it at the end.
 */
class AzureBlobOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void storageCallsFailRetryablyWhileAzuriteIsDownAndWorkAgainWhenItIsBack() throws Exception {
        try (Azurite azurite = Azurite.startPersistent()) {
            AzureBlobStorage storage = new AzureBlobStorage(azurite.connectionString(), "outage");
            storage.setCreateContainer(true);
            storage.setTimeout(Duration.ofSeconds(2));
            storage.start();
            try {
                storage.put("celery-task-meta-before", "{\"status\": \"SUCCESS\"}".getBytes(UTF_8));

                azurite.stop();
                assertThat(catchThrowable(() -> storage.get("celery-task-meta-before"))).isInstanceOf(IOException.class);
                assertThat(catchThrowable(() -> storage.put("celery-task-meta-during", new byte[1]))).isInstanceOf(IOException.class);
                assertThat(catchThrowable(() -> storage.list("celery-task-meta-"))).isInstanceOf(IOException.class);
                azurite.start();

                assertThat(storage.get("celery-task-meta-before")).hasValueSatisfying(
                        value -> assertThat(new String(value, UTF_8)).isEqualTo("{\"status\": \"SUCCESS\"}"));
                assertThat(storage.get("celery-task-meta-during")).isEmpty();
            } finally {
                storage.close();
            }
        }
    }

    /**
     * With retries that outlast the outage every call succeeds; with retries that do not, calls fail
     * with {@link StorageException}. Either way no call that returned normally lost its result.
     */
    @ParameterizedTest(name = "{0} retries")
    @ValueSource(ints = {100, 1})
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyResultStoredAcrossAnOutageIsReadableOrWasReportedAsFailed(int maxRetries) throws Exception {
        try (Azurite azurite = Azurite.startPersistent()) {
            Map<String, String> config = new HashMap<>();
            config.put("resultstore.storage", "azure-blob");
            config.put("resultstore.storage.config.connection-string", azurite.connectionString());
            config.put("resultstore.storage.config.container", "outage");
            config.put("resultstore.storage.config.create-container", "true");
            config.put("resultstore.storage.config.timeout", "PT2S");
            // The backoff is jittered (between half and all of 0.5 s, 1 s, then 2 s): 100 retries wait at least
            // 98 s, more than the outage even when a loaded machine takes long to stop and restart Azurite;
            // 1 retry waits at most 0.5 s.
            config.put("resultstore.retry.max-retries", Integer.toString(maxRetries));
            config.put("resultstore.retry.backoff", "PT0.5S");
            config.put("resultstore.retry.max-backoff", "PT2S");
            config.put("resultstore.cleanup.interval", "0");

            record Call(String taskId, long startedNanos, long endedNanos, boolean stored) {
            }
            ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            int writers = 3;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            long down;
            long up;
            try (ResultBackend results = ResultStores.create(config)) {
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    running.add(pool.submit(() -> {
                        for (int n = 0; writing.get(); n++) {
                            String taskId = "writer-" + writer + "-" + n;
                            long started = System.nanoTime();
                            boolean stored;
                            try {
                                results.storeSuccess(taskId, "value of " + taskId);
                                stored = true;
                            } catch (StorageException reported) {
                                stored = false;
                            }
                            calls.add(new Call(taskId, started, System.nanoTime(), stored));
                        }
                        return null;
                    }));
                }
                awaitCondition("results stored before the outage",
                        () -> calls.stream().filter(Call::stored).count() >= 3L * writers);
                azurite.stop();
                down = System.nanoTime();
                Thread.sleep(OUTAGE.toMillis()); // the length of the outage, not an ordering
                azurite.start();
                up = System.nanoTime();
                long back = up;
                awaitCondition("results stored after the outage",
                        () -> calls.stream().filter(call -> call.stored() && call.startedNanos() > back).count() >= 3L * writers);
                writing.set(false);
                for (Future<?> writer : running) {
                    writer.get(2, TimeUnit.MINUTES);
                }

                List<String> lost = new ArrayList<>();
                for (Call call : calls) {
                    if (call.stored()) {
                        TaskResult<String> result = results.result(call.taskId(), String.class);
                        if (result.state() != TaskState.SUCCESS
                                || !result.value().equals(Optional.of("value of " + call.taskId()))) {
                            lost.add(call.taskId());
                        }
                    }
                }
                long storedAcross = calls.stream()
                        .filter(call -> call.stored() && call.startedNanos() < down + OUTAGE.toNanos() / 2 && call.endedNanos() > up)
                        .count();
                long reported = calls.stream().filter(call -> !call.stored()).count();
                System.out.printf("%d retries, outage of %d ms: %d results stored, %d of them waiting out the outage; %d reported as failed%n",
                        maxRetries, TimeUnit.NANOSECONDS.toMillis(up - down), calls.stream().filter(Call::stored).count(),
                        storedAcross, reported);

                assertThat(lost).as("results reported as stored but not readable").isEmpty();
                if (maxRetries == 1) {
                    assertThat(reported).as("calls reported as failed").isPositive();
                } else {
                    assertThat(storedAcross).as("calls begun before the outage's middle and stored after it").isPositive();
                    assertThat(reported).as("calls reported as failed").isZero();
                }
            } finally {
                writing.set(false);
                pool.shutdownNow();
            }
        }
    }

    private static void awaitCondition(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within a minute: " + what);
            }
            Thread.sleep(20); // polling a condition with a deadline, not ordering
        }
    }
}
