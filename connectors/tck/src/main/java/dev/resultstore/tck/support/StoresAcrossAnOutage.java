package dev.resultstore.tck.support;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.resultstore.ResultBackend;
import dev.resultstore.StorageException;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskState;
import dev.resultstore.spi.ConditionalStorage;
import dev.resultstore.spi.Storage;

/**
 * A server goes away while results are stored, and comes back on the same address. Writers store
 * results through the public API until {@code batch} results were stored before the outage and
 * {@code batch} more were begun and stored after the restart; the server is stopped for
 * {@code outage} in between. Then every result reported as stored must be readable.
 */
public final class StoresAcrossAnOutage {

    private static final Duration WAIT = Duration.ofMinutes(2);

    /** What happened to the stores of one run. */
    public record Outcome(int calls, long stored, long reported, long storedAcross, List<String> lost, Duration down) {

        /** Asserts that every result reported as stored is readable. */
        public void assertNothingLost() {
            assertThat(lost).as("results reported as stored but not readable").isEmpty();
        }

        /**
         * Asserts that nothing was lost and, when the retries outlast the outage, that stores begun
         * during it waited it out and none failed; otherwise, that the failures reached the caller as
         * {@link StorageException}.
         */
        public void assertNothingLost(boolean retriesOutlastTheOutage) {
            assertNothingLost();
            if (retriesOutlastTheOutage) {
                assertThat(storedAcross).as("stores begun before the outage's middle and stored after the restart").isPositive();
                assertThat(reported).as("stores reported as failed").isZero();
            } else {
                assertThat(reported).as("stores reported as failed").isPositive();
            }
        }
    }

    private StoresAcrossAnOutage() {
    }

    /** Runs the stores of {@code writers} threads across one outage of {@code server}; see the class comment. */
    public static Outcome run(ResultBackend results, Restartable server, int writers, int batch, Duration outage) throws Exception {
        record Call(String taskId, long startedNanos, long endedNanos, boolean stored) {
        }
        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger begun = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch storedBefore = new CountDownLatch(batch);
        CountDownLatch storedAfter = new CountDownLatch(batch);
        AtomicLong restarted = new AtomicLong(Long.MAX_VALUE);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                running.add(pool.submit(() -> {
                    while (writing.get()) {
                        String taskId = "store-" + next.getAndIncrement();
                        begun.incrementAndGet();
                        long started = System.nanoTime();
                        boolean stored;
                        try {
                            results.storeSuccess(taskId, "value of " + taskId);
                            stored = true;
                        } catch (StorageException reported) {
                            stored = false;
                        }
                        calls.add(new Call(taskId, started, System.nanoTime(), stored));
                        if (stored) {
                            storedBefore.countDown();
                            if (started > restarted.get()) {
                                storedAfter.countDown();
                            }
                        }
                    }
                    return null;
                }));
            }
            assertThat(storedBefore.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("%d results stored before the outage", batch)
                    .isTrue();
            server.stop();
            long down = System.nanoTime();
            Thread.sleep(outage.toMillis()); // the length of the outage, not an ordering
            server.start();
            long up = System.nanoTime();
            restarted.set(up);
            assertThat(storedAfter.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("%d results begun and stored after the restart", batch).isTrue();
            writing.set(false);
            for (Future<?> writer : running) {
                writer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }

            assertThat(calls).as("store calls that returned or threw").hasSize(begun.get());
            List<String> lost = new ArrayList<>();
            for (Call call : calls) {
                if (call.stored()) {
                    TaskResult<String> result = results.result(call.taskId(), String.class);
                    if (result.state() != TaskState.SUCCESS || !result.value().equals(Optional.of("value of " + call.taskId()))) {
                        lost.add(call.taskId());
                    }
                }
            }
            long middle = down + outage.toNanos() / 2;
            long stored = calls.stream().filter(Call::stored).count();
            long across = calls.stream().filter(call -> call.stored() && call.startedNanos() < middle && call.endedNanos() > up).count();
            Outcome outcome = new Outcome(calls.size(), stored, calls.size() - stored, across, lost, Duration.ofNanos(up - down));
            System.out.printf("Down for %d ms: %d stores, %d stored (%d begun before the outage's middle and stored after the "
                    + "restart), %d reported as StorageException, %d lost%n", outcome.down().toMillis(), outcome.calls(),
                    outcome.stored(), outcome.storedAcross(), outcome.reported(), lost.size());
            return outcome;
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
    }

    /**
     * Stops {@code server} under a started {@code storage}: reads, writes and listings then fail
     * with retryable exceptions; once it is back, what was stored before is there and what failed
     * during the outage is not.
     */
    public static void assertCallsFailRetryablyWhileDown(Storage storage, Restartable server) throws Exception {
        storage.put("celery-task-meta-before", "{\"status\": \"SUCCESS\"}".getBytes(UTF_8));

        server.stop();
        Failures.assertRetryable(catchThrowable(() -> storage.get("celery-task-meta-before")));
        Failures.assertRetryable(catchThrowable(() -> storage.put("celery-task-meta-during", new byte[1])));
        if (storage instanceof ConditionalStorage conditional) {
            Failures.assertRetryable(catchThrowable(() -> conditional.putIfAbsent("celery-task-meta-during", new byte[1])));
        }
        Failures.assertRetryable(catchThrowable(() -> storage.list("celery-task-meta-").close()));
        server.start();

        assertThat(storage.get("celery-task-meta-before")).hasValueSatisfying(
                value -> assertThat(new String(value, UTF_8)).isEqualTo("{\"status\": \"SUCCESS\"}"));
        assertThat(storage.get("celery-task-meta-during")).isEmpty();
    }
}
