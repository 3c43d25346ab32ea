package dev.resultstore.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.TaskState;

/**
 * Two nodes (two backends, each with its own storage client, as in two JVMs) share one container.
 * One stores SUCCESS while the other, late, stores STARTED for the same task: the ETag conditions
 * must keep SUCCESS, whoever's request lands last.
 */
@ExtendWith(AzuriteExtension.class)
class AzureBlobStateRaceTest {

    /** The connector, counting the conditional writes Azurite refused (the other node wrote first). */
    public static class ConflictCountingStorage extends AzureBlobStorage {
        static final AtomicInteger CONFLICTS = new AtomicInteger();

        @Override
        public boolean putIfVersion(String key, byte[] value, String expectedVersion) throws java.io.IOException {
            return counted(super.putIfVersion(key, value, expectedVersion));
        }

        @Override
        public boolean putIfAbsent(String key, byte[] value) throws java.io.IOException {
            return counted(super.putIfAbsent(key, value));
        }

        private static boolean counted(boolean written) {
            if (!written) {
                CONFLICTS.incrementAndGet();
            }
            return written;
        }
    }

    private static final int ROUNDS = 100;

    private final Azurite azurite;

    AzureBlobStateRaceTest(Azurite azurite) {
        this.azurite = azurite;
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aLateStartedFromAnotherNodeNeverReplacesSuccess() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("resultstore.storage", ConflictCountingStorage.class.getName());
        config.put("resultstore.storage.config.connection-string", azurite.connectionString());
        config.put("resultstore.storage.config.container", "race");
        config.put("resultstore.storage.config.create-container", "true");
        config.put("resultstore.cleanup.interval", "0");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ConflictCountingStorage.CONFLICTS.set(0);
        try (ResultBackend finishing = ResultStores.create(config); ResultBackend late = ResultStores.create(config)) {
            List<String> lost = new ArrayList<>();
            String run = UUID.randomUUID().toString();
            for (int round = 0; round < ROUNDS; round++) {
                String taskId = run + "-" + round;
                long lateByNanos = TimeUnit.MICROSECONDS.toNanos(500L * (round % 8)); // 0 to 3.5 ms, across the window
                CountDownLatch go = new CountDownLatch(1);
                Future<?> success = pool.submit(() -> {
                    go.await();
                    finishing.storeSuccess(taskId, Map.of("round", taskId));
                    return null;
                });
                Future<?> started = pool.submit(() -> {
                    go.await();
                    LockSupport.parkNanos(lateByNanos);
                    late.markStarted(taskId);
                    return null;
                });
                go.countDown();
                success.get();
                started.get();

                if (finishing.result(taskId).state() != TaskState.SUCCESS || late.result(taskId).state() != TaskState.SUCCESS) {
                    lost.add(taskId + " is " + late.result(taskId).state());
                }
            }

            System.out.printf("%d rounds: %d conditional writes refused%n", ROUNDS, ConflictCountingStorage.CONFLICTS.get());
            assertThat(lost).as("tasks whose SUCCESS was replaced").isEmpty();
            // Otherwise the writes never overlapped and the ETag conditions were not put to the test.
            assertThat(ConflictCountingStorage.CONFLICTS).as("conditional writes refused because the other node wrote first")
                    .hasPositiveValue();
        } finally {
            pool.shutdownNow();
        }
    }
}
