package dev.resultstore.storage.s3;

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
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.TaskState;

/**
 * Two nodes (two backends, each with its own S3 client, as in two JVMs) share one bucket. For
 * each task one node stores SUCCESS while the other keeps storing STARTED until the SUCCESS call
 * has returned: the conditional writes must keep SUCCESS, whoever's request lands last.
 */
@ExtendWith(S3ProxyExtension.class)
class S3StateRaceTest {

    private static final int ROUNDS = 200;

    private final S3Proxy s3proxy;

    S3StateRaceTest(S3Proxy s3proxy) {
        this.s3proxy = s3proxy;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aLateStartedFromAnotherNodeNeverReplacesSuccess() throws Exception {
        Map<String, String> config = new HashMap<>(s3proxy.storageConfig("race"));
        config.put("resultstore.storage.config.create-bucket", "true");
        config.put("resultstore.cleanup.interval", "0");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ResultBackend finishing = ResultStores.create(config); ResultBackend late = ResultStores.create(config)) {
            List<String> regressions = new ArrayList<>();
            int startedCalls = 0;
            String run = UUID.randomUUID().toString();
            for (int round = 0; round < ROUNDS; round++) {
                String taskId = run + "-" + round;
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
                    int calls = 0;
                    // Until SUCCESS is in, and once more after: the last STARTED lands after it.
                    boolean last;
                    do {
                        last = successReturned.get();
                        late.markStarted(taskId);
                        calls++;
                    } while (!last);
                    return calls;
                });
                go.countDown();
                success.get();
                startedCalls += started.get();

                TaskState seenByFinishing = finishing.result(taskId).state();
                TaskState seenByLate = late.result(taskId).state();
                if (seenByFinishing != TaskState.SUCCESS || seenByLate != TaskState.SUCCESS) {
                    regressions.add(taskId + " is " + seenByLate);
                }
            }
            System.out.printf("%d rounds, %d markStarted calls racing storeSuccess, %d regressions%n",
                    ROUNDS, startedCalls, regressions.size());

            assertThat(regressions).as("tasks whose SUCCESS was replaced").isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
