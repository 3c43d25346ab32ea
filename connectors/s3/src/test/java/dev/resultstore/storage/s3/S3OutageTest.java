package dev.resultstore.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.StorageException;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskState;

/**
 * s3proxy goes away for about ten seconds while results are being stored, then comes back on the
 * same port. Each test starts its own s3proxy keeping objects in files, so that they survive the
 * restart, and stops it at the end.
 */
class S3OutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final int STORES = 1_000;

    @TempDir
    Path data;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void storageCallsFailRetryablyWhileS3IsDownAndWorkAgainWhenItIsBack() throws Exception {
        try (S3Proxy s3proxy = S3Proxy.startOnDisk(data)) {
            S3Storage storage = new S3Storage("outage");
            storage.setEndpoint(s3proxy.endpoint());
            storage.setPathStyle(true);
            storage.setRegion(S3Proxy.REGION);
            storage.setAccessKey(S3Proxy.ACCESS_KEY);
            storage.setSecretKey(S3Proxy.SECRET_KEY);
            storage.setCreateBucket(true);
            storage.setTimeout(Duration.ofSeconds(2));
            storage.start();
            try {
                storage.put("celery-task-meta-before", "{\"status\": \"SUCCESS\"}".getBytes(UTF_8));

                s3proxy.stop();
                assertThat(catchThrowable(() -> storage.get("celery-task-meta-before"))).isInstanceOf(IOException.class)
                        .hasMessageContaining("safe to retry");
                assertThat(catchThrowable(() -> storage.put("celery-task-meta-during", new byte[1]))).isInstanceOf(IOException.class);
                assertThat(catchThrowable(() -> storage.putIfAbsent("celery-task-meta-during", new byte[1]))).isInstanceOf(IOException.class);
                assertThat(catchThrowable(() -> storage.list("celery-task-meta-"))).isInstanceOf(IOException.class);
                s3proxy.start();

                assertThat(storage.get("celery-task-meta-before")).hasValueSatisfying(
                        value -> assertThat(new String(value, UTF_8)).isEqualTo("{\"status\": \"SUCCESS\"}"));
                assertThat(storage.get("celery-task-meta-during")).isEmpty();
            } finally {
                storage.close();
            }
        }
    }

    /**
     * {@value #STORES} stores by four writers; s3proxy stops once a tenth of them are done and
     * starts again {@link #OUTAGE} later. With retries that outlast the outage every store
     * succeeds; with one short retry the stores during the outage fail with
     * {@link StorageException}. Either way every store either is readable or was reported.
     */
    @ParameterizedTest(name = "{0} retries")
    @ValueSource(ints = {12, 1})
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everyResultStoredAcrossAnOutageIsReadableOrWasReportedAsFailed(int maxRetries) throws Exception {
        try (S3Proxy s3proxy = S3Proxy.startOnDisk(data.resolve("retries-" + maxRetries))) {
            Map<String, String> config = new HashMap<>(s3proxy.storageConfig("outage"));
            config.put("resultstore.storage.config.create-bucket", "true");
            config.put("resultstore.storage.config.timeout", "PT2S");
            // 12 retries wait 0.5 + 1 + 2 × 10 s: more than the outage and the restart; 1 retry waits 0.5 s.
            config.put("resultstore.retry.max-retries", Integer.toString(maxRetries));
            config.put("resultstore.retry.backoff", "PT0.5S");
            config.put("resultstore.retry.max-backoff", "PT2S");
            config.put("resultstore.cleanup.interval", "0");

            record Call(String taskId, boolean stored, boolean acrossOutage) {
            }
            ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger outages = new AtomicInteger(); // 1 while down, 2 once back
            CountDownLatch tenthDone = new CountDownLatch(STORES / 10);
            int writers = 4;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            long downMillis;
            try (ResultBackend results = ResultStores.create(config)) {
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    running.add(pool.submit(() -> {
                        for (int n = next.getAndIncrement(); n < STORES; n = next.getAndIncrement()) {
                            String taskId = "store-" + n;
                            boolean begunBeforeRestart = outages.get() < 2;
                            boolean stored;
                            try {
                                results.storeSuccess(taskId, "value of " + taskId);
                                stored = true;
                            } catch (StorageException reported) {
                                stored = false;
                            }
                            calls.add(new Call(taskId, stored, begunBeforeRestart && outages.get() == 2));
                            tenthDone.countDown();
                        }
                        return null;
                    }));
                }
                assertThat(tenthDone.await(1, TimeUnit.MINUTES)).as("a tenth stored before the outage").isTrue();
                s3proxy.stop();
                outages.set(1);
                long down = System.nanoTime();
                Thread.sleep(OUTAGE.toMillis()); // the outage itself, not an ordering wait
                s3proxy.start();
                outages.set(2);
                downMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down);
                for (Future<?> writer : running) {
                    writer.get(3, TimeUnit.MINUTES);
                }

                List<String> lost = new ArrayList<>();
                for (Call call : calls) {
                    if (call.stored()) {
                        TaskResult<String> result = results.result(call.taskId(), String.class);
                        if (result.state() != TaskState.SUCCESS || !result.value().equals(Optional.of("value of " + call.taskId()))) {
                            lost.add(call.taskId());
                        }
                    }
                }
                long stored = calls.stream().filter(Call::stored).count();
                long reported = calls.size() - stored;
                long storedAcross = calls.stream().filter(call -> call.stored() && call.acrossOutage()).count();
                System.out.printf("%d retries, s3proxy down for %d ms: %d stores, %d stored (%d begun before the restart and "
                        + "stored after it), %d reported as StorageException, %d lost%n",
                        maxRetries, downMillis, calls.size(), stored, storedAcross, reported, lost.size());

                assertThat(calls).as("store calls that returned or threw").hasSize(STORES);
                assertThat(lost).as("results reported as stored but not readable").isEmpty();
                if (maxRetries == 1) {
                    assertThat(reported).as("stores reported as failed").isPositive();
                } else {
                    assertThat(storedAcross).as("stores begun before the restart and stored after it").isPositive();
                    assertThat(reported).as("stores reported as failed").isZero();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
