package dev.resultstore.tck.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.TaskState;

/**
 * Two nodes (two backends from one configuration, each with its own storage client, as in two
 * JVMs) race on each task: one stores SUCCESS while the other, late by 0 to 3.5 ms, keeps storing
 * STARTED until the SUCCESS call has returned, and once more after, so that the last STARTED lands
 * after SUCCESS. The storage's conditional writes must keep SUCCESS on both nodes.
 */
public final class StateRace {

    /** What the rounds found: tasks whose SUCCESS was replaced, and how many STARTED writes raced it. */
    public record Outcome(int rounds, List<String> regressions, int startedWrites) {

        /** Asserts that no task's SUCCESS was replaced, and that STARTED writes did race it (more than one a task). */
        public void assertSuccessNeverReplaced() {
            assertThat(regressions).as("tasks whose SUCCESS was replaced").isEmpty();
            assertThat(startedWrites).as("STARTED writes").isGreaterThan(rounds);
        }
    }

    private StateRace() {
    }

    /** Races {@code rounds} tasks, each with a new id, on two backends created from {@code config}. */
    public static Outcome run(Map<String, String> config, int rounds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ResultBackend finishing = ResultStores.create(config); ResultBackend late = ResultStores.create(config)) {
            List<String> regressions = new ArrayList<>();
            int startedWrites = 0;
            String run = UUID.randomUUID().toString();
            for (int round = 0; round < rounds; round++) {
                String taskId = run + "-" + round;
                long lateByNanos = TimeUnit.MICROSECONDS.toNanos(500L * (round % 8)); // across the window of a write
                CountDownLatch go = new CountDownLatch(1);
                AtomicBoolean successReturned = new AtomicBoolean();
                Future<?> success = pool.submit(() -> {
                    go.await();
                    finishing.storeSuccess(taskId, Map.of("round", taskId));
                    successReturned.set(true);
                    return null;
                });
                Future<Integer> started = pool.submit(() -> {
                    go.await();
                    LockSupport.parkNanos(lateByNanos);
                    int writes = 0;
                    boolean last;
                    do {
                        last = successReturned.get(); // one more write after SUCCESS was stored
                        late.markStarted(taskId);
                        writes++;
                    } while (!last);
                    return writes;
                });
                go.countDown();
                success.get();
                startedWrites += started.get();

                TaskState seenByFinishing = finishing.result(taskId).state();
                TaskState seenByLate = late.result(taskId).state();
                if (seenByFinishing != TaskState.SUCCESS || seenByLate != TaskState.SUCCESS) {
                    regressions.add(taskId + " is " + seenByFinishing + " / " + seenByLate);
                }
            }
            System.out.printf("%d rounds, %d STARTED writes racing SUCCESS, %d regressions%n",
                    rounds, startedWrites, regressions.size());
            return new Outcome(rounds, regressions, startedWrites);
        } finally {
            pool.shutdownNow();
        }
    }
}
