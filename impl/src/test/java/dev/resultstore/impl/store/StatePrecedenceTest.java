package dev.resultstore.impl.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.TaskState;
import dev.resultstore.impl.SharedStorage;

/**
 * A ready state is never replaced by a late non-ready one when the writers are different
 * backends on one storage location: one backend loops a late STARTED while the other stores
 * SUCCESS, round after round.
 */
class StatePrecedenceTest {

    private static final int ROUNDS = 200;

    @Test
    void twoBackendsOnOneDirectoryNeverLetALateStartedReplaceSuccess(@TempDir Path directory) throws Exception {
        Map<String, String> config = Map.of("resultstore.storage", "filesystem",
                "resultstore.storage.config.location", directory.toString());
        try (ResultBackend first = ResultStores.create(config); ResultBackend second = ResultStores.create(config)) {
            assertThat(race(first, second)).isZero();
        }
    }

    @Test
    void twoBackendsOnAStorageWithoutConditionalWritesKeepPrecedenceWithinTheJvm() throws Exception {
        Map<String, String> config = Map.of("resultstore.storage", SharedStorage.class.getName(),
                "resultstore.storage.config.name", "precedence");
        try (ResultBackend first = ResultStores.create(config); ResultBackend second = ResultStores.create(config)) {
            assertThat(race(first, second)).isZero();
        }
    }

    @Test
    void revokedNeverReplacesSuccessOrFailure() {
        try (ResultBackend results = ResultStores.create(Map.of("resultstore.storage", "memory"))) {
            results.storeSuccess("done", 1);
            results.storeFailure("failed", new IllegalStateException("x"));

            results.storeState("done", TaskState.REVOKED);
            results.storeState("failed", TaskState.REVOKED);

            assertThat(results.result("done").state()).isEqualTo(TaskState.SUCCESS);
            assertThat(results.result("failed").state()).isEqualTo(TaskState.FAILURE);
        }
    }

    @Test
    void aReadyStateIsReplacedByALaterOutcome() {
        try (ResultBackend results = ResultStores.create(Map.of("resultstore.storage", "memory"))) {
            results.storeState("t", TaskState.REVOKED);
            results.storeSuccess("t", "ran after all");

            assertThat(results.result("t").state()).isEqualTo(TaskState.SUCCESS);
        }
    }

    /** Returns how many rounds ended with a non-ready state stored over SUCCESS. */
    private static int race(ResultBackend late, ResultBackend finisher) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            int regressions = 0;
            for (int round = 0; round < ROUNDS; round++) {
                String id = "race-" + round;
                late.markStarted(id);
                CyclicBarrier start = new CyclicBarrier(2);
                AtomicBoolean finished = new AtomicBoolean();
                Future<?> looping = pool.submit(() -> {
                    start.await();
                    // Keeps writing STARTED until well after SUCCESS landed.
                    for (int i = 0; i < 50 || !finished.get(); i++) {
                        late.markStarted(id);
                        if (i > 5_000) {
                            break;
                        }
                    }
                    for (int i = 0; i < 20; i++) {
                        late.markStarted(id);
                    }
                    return null;
                });
                Future<?> success = pool.submit(() -> {
                    start.await();
                    finisher.storeSuccess(id, round(id));
                    finished.set(true);
                    return null;
                });
                success.get(30, TimeUnit.SECONDS);
                looping.get(30, TimeUnit.SECONDS);
                if (finisher.result(id).state() != TaskState.SUCCESS) {
                    regressions++;
                }
            }
            return regressions;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String round(String id) {
        return "done " + id;
    }
}
