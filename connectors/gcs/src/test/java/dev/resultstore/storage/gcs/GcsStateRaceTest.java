package dev.resultstore.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.TaskState;

/**
 * Two nodes (two backends, each with its own client, as in two JVMs) share one bucket of
 * {@link GcsStubServer}. One stores SUCCESS while the other keeps storing STARTED for the same task
 * until, and once after, SUCCESS is stored: the generation preconditions must keep SUCCESS, whoever's
 * request lands last.
 */
class GcsStateRaceTest {

    private static final int ROUNDS = 200;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aLateStartedFromAnotherNodeNeverReplacesSuccess() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (GcsStubServer server = GcsStubServer.start(1000)) {
            server.createBucket("race");
            Map<String, String> config = new HashMap<>();
            config.put("resultstore.storage", "gcs");
            config.put("resultstore.storage.config.bucket", "race");
            config.put("resultstore.storage.config.endpoint", server.endpoint());
            config.put("resultstore.cleanup.interval", "0");
            try (ResultBackend finishing = ResultStores.create(config); ResultBackend late = ResultStores.create(config)) {
                List<String> regressions = new ArrayList<>();
                int startedWrites = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    String taskId = "task-" + round;
                    CountDownLatch go = new CountDownLatch(1);
                    AtomicBoolean done = new AtomicBoolean();
                    Future<?> success = pool.submit(() -> {
                        go.await();
                        finishing.storeSuccess(taskId, Map.of("task", taskId));
                        done.set(true);
                        return null;
                    });
                    Future<Integer> started = pool.submit(() -> {
                        go.await();
                        int writes = 0;
                        boolean finished;
                        do {
                            finished = done.get(); // one more write after SUCCESS was stored
                            late.markStarted(taskId);
                            writes++;
                        } while (!finished);
                        return writes;
                    });
                    go.countDown();
                    success.get();
                    startedWrites += started.get();

                    TaskState seenByOne = finishing.result(taskId).state();
                    TaskState seenByOther = late.result(taskId).state();
                    if (seenByOne != TaskState.SUCCESS || seenByOther != TaskState.SUCCESS) {
                        regressions.add(taskId + " is " + seenByOne + " / " + seenByOther);
                    }
                }
                System.out.printf("%d rounds, %d STARTED writes racing SUCCESS, %d regressions%n",
                        ROUNDS, startedWrites, regressions.size());

                assertThat(startedWrites).as("STARTED writes").isGreaterThan(ROUNDS);
                assertThat(regressions).as("tasks whose SUCCESS was replaced").isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
