package dev.resultstore.impl;

import dev.resultstore.impl.store.DefaultResultBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.TaskFailedException;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskState;
import dev.resultstore.TaskTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ResultBackend.submit} on plain executors, and waiting for results, on real files. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SubmitTest {

    @TempDir
    Path location;

    DefaultResultBackend results;
    ExecutorService executor = Executors.newSingleThreadExecutor();

    @BeforeEach
    void open() {
        results = Backends.filesystem(location, "resultstore.await.poll-interval", "PT1M");
    }

    @AfterEach
    void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        results.close();
    }

    /** Waits for {@code condition}, failing after 30 s. */
    private static void awaitCondition(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within 30 s: " + what);
            }
            Thread.sleep(10); // polling a condition with a deadline, not ordering
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSubmittedTaskGoesFromReceivedToStartedToSuccess() throws Exception {
        CountDownLatch blocker = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        executor.submit(() -> await(blocker)); // keeps the only worker busy

        TaskResult<String> task = results.submit("s-1", executor, () -> {
            running.countDown();
            await(finish);
            return "report ready";
        });

        assertThat(task.taskId()).isEqualTo("s-1");
        assertThat(task.state()).isEqualTo(TaskState.RECEIVED);
        blocker.countDown();
        running.await();
        assertThat(task.state()).isEqualTo(TaskState.STARTED);
        finish.countDown();
        assertThat(task.get(Duration.ofSeconds(30))).isEqualTo("report ready");
        assertThat(task.state()).isEqualTo(TaskState.SUCCESS);
    }

    /** Keeps what it is given and runs it only when the test says so. */
    private static final class HeldExecutor extends java.util.concurrent.AbstractExecutorService {
        final List<Runnable> held = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void execute(Runnable command) {
            held.add(command);
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.copyOf(held);
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    @Test
    void receivedIsStoredOnTheCallersThreadBeforeSubmitReturns() throws Exception {
        HeldExecutor never = new HeldExecutor();
        try (DefaultResultBackend recorded = Backends.create("resultstore.storage", RecordingStorage.class.getName(),
                "resultstore.storage.config.location", location.resolve("recorded").toString())) {
            RecordingStorage storage = Backends.storage(recorded);

            TaskResult<String> task = recorded.submit("s-0", never, () -> "ran later");

            assertThat(never.held).hasSize(1);
            assertThat(storage.puts).containsExactly(java.util.Map.entry("celery-task-meta-s-0", Thread.currentThread()));
            assertThat(recorded.result("s-0").state()).isEqualTo(TaskState.RECEIVED);
            assertThat(task.state()).isEqualTo(TaskState.RECEIVED);

            never.held.get(0).run();

            assertThat(task.state()).isEqualTo(TaskState.SUCCESS);
            assertThat(task.get()).isEqualTo("ran later");
        }
    }

    public record Report(String title, int pages) {
    }

    @Test
    void aTaskSubmittedHereGivesBackItsValueAsTheObjectItself() {
        TaskResult<Report> task = results.submit(executor, () -> new Report("Q3", 12));

        Report report = task.get(Duration.ofSeconds(30));

        assertThat(report).isEqualTo(new Report("Q3", 12));
        assertThat(results.result(task.taskId(), Report.class).get()).isEqualTo(report);
    }

    @Test
    void aThrowingTaskIsStoredAsFailure() {
        TaskResult<Object> task = results.submit(executor, () -> {
            throw new java.io.FileNotFoundException("template.odt");
        });

        assertThatThrownBy(() -> task.get(Duration.ofSeconds(30))).isInstanceOfSatisfying(TaskFailedException.class, e -> {
            assertThat(e.failure().qualifiedType()).isEqualTo("java.io.FileNotFoundException");
            assertThat(e.failure().message()).isEqualTo("template.odt");
        });
        assertThat(task.taskId()).matches("[0-9a-f-]{36}");
    }

    @Test
    void aTaskRevokedBeforeItStartsIsRevokedAndNeverRuns() throws Exception {
        CountDownLatch blocker = new CountDownLatch(1);
        AtomicBoolean ran = new AtomicBoolean();
        executor.submit(() -> await(blocker));
        TaskResult<String> task = results.submit("s-3", executor, () -> {
            ran.set(true);
            return "should not run";
        });

        assertThat(task.revoke()).isTrue();
        blocker.countDown();
        executor.submit(() -> null).get(30, TimeUnit.SECONDS); // everything queued before has run

        assertThat(ran).isFalse();
        assertThat(task.state()).isEqualTo(TaskState.REVOKED);
        assertThatThrownBy(task::get).isInstanceOfSatisfying(TaskFailedException.class,
                e -> assertThat(e.state()).isEqualTo(TaskState.REVOKED));
    }

    @Test
    void cancellingARunningTaskStoresRevokedNotFailure() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        TaskResult<String> task = results.submit("s-4", executor, () -> {
            running.countDown();
            Thread.sleep(60_000);
            return "too late";
        });
        running.await();

        assertThat(task.revoke()).isTrue();
        executor.submit(() -> null).get(30, TimeUnit.SECONDS);

        assertThat(task.state()).isEqualTo(TaskState.REVOKED);
    }

    @Test
    void revokingAFinishedTaskLeavesItsResult() throws Exception {
        TaskResult<Integer> task = results.submit("s-5", executor, () -> 5);
        assertThat(task.get(Duration.ofSeconds(30))).isEqualTo(5);

        assertThat(task.revoke()).isFalse();

        assertThat(task.state()).isEqualTo(TaskState.SUCCESS);
    }

    @Test
    void aWaiterIsWokenByCompletionInThisJvmWithoutWaitingForAPoll() throws Exception {
        // The poll interval is an hour, so the next poll would come after 7.5 minutes: only the
        // local wake-up can end the waits within the 30 s the test allows.
        try (DefaultResultBackend recorded = Backends.create("resultstore.storage", RecordingStorage.class.getName(),
                "resultstore.storage.config.location", location.toString(), "resultstore.await.poll-interval", "PT1H")) {
            RecordingStorage storage = Backends.storage(recorded);
            CountDownLatch finish = new CountDownLatch(1);
            TaskResult<String> task = recorded.submit("s-6", executor, () -> {
                await(finish);
                return "woken";
            });
            CompletableFuture<String> waiter = CompletableFuture.supplyAsync(task::get);
            // The waiter has found the task not ready (nothing else reads), so now it waits.
            awaitCondition("the waiter read the store", () -> storage.getNanos.size() >= 1);
            // Its first read happens in this call, on this thread.
            CompletableFuture<String> stage = task.toCompletionStage().toCompletableFuture();

            finish.countDown();

            assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo("woken");
            assertThat(stage.get(30, TimeUnit.SECONDS)).isEqualTo("woken");
        }
    }

    @Test
    void aResultWrittenByAnotherNodeIsSeenByPolling() throws Exception {
        try (DefaultResultBackend otherNode = Backends.filesystem(location);
             DefaultResultBackend polling = Backends.create("resultstore.storage", RecordingStorage.class.getName(),
                     "resultstore.storage.config.location", location.toString(), "resultstore.await.poll-interval", "PT0.05S")) {
            RecordingStorage storage = Backends.storage(polling);
            TaskResult<Object> task = polling.result("s-7");
            CompletableFuture<Object> waiter = CompletableFuture.supplyAsync(() -> task.get(Duration.ofSeconds(30)));
            awaitCondition("the waiter read the store", () -> storage.getNanos.size() >= 1);
            // Its first read happens in this call: both have found nothing, so only a later poll can see the result.
            CompletableFuture<Object> stage = task.toCompletionStage().toCompletableFuture();

            otherNode.storeSuccess("s-7", "from elsewhere");

            assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo("from elsewhere");
            assertThat(stage.get(30, TimeUnit.SECONDS)).isEqualTo("from elsewhere");
        }
    }

    @Test
    void aWaiterReadsTheStoreAfterAnEighthOfThePollIntervalThenDoublingUpToIt() {
        Duration interval = Duration.ofMillis(400);
        try (DefaultResultBackend recorded = Backends.create("resultstore.storage", RecordingStorage.class.getName(),
                "resultstore.storage.config.location", location.resolve("recorded").toString(),
                "resultstore.await.poll-interval", interval.toString())) {
            RecordingStorage storage = Backends.storage(recorded);
            recorded.markStarted("s-poll");
            storage.getNanos.clear();

            // Nothing completes the task, so every read after the first is a poll: 50, 100, 200, 400, 400... ms.
            assertThatThrownBy(() -> recorded.result("s-poll").get(Duration.ofMillis(3000))).isInstanceOf(TaskTimeoutException.class);

            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < storage.getNanos.size(); i++) {
                gaps.add(Duration.ofNanos(storage.getNanos.get(i) - storage.getNanos.get(i - 1)).toMillis());
            }
            // A wait never ends early, so the lower bounds are exact; upper bounds leave hundreds of ms for a slow machine.
            assertThat(gaps).hasSizeGreaterThanOrEqualTo(6);
            assertThat(gaps.get(0)).isBetween(50L, interval.toMillis() - 1);
            assertThat(gaps.get(1)).isGreaterThanOrEqualTo(100L);
            assertThat(gaps.get(2)).isGreaterThanOrEqualTo(200L);
            // The last gap is cut short by the timeout.
            assertThat(gaps.subList(3, gaps.size() - 1)).allMatch(gap -> gap >= interval.toMillis());
            // Capped: doubling on would make every gap after the fourth at least 800 ms.
            assertThat(gaps.subList(4, gaps.size() - 1)).anyMatch(gap -> gap < 2 * interval.toMillis());
        }
    }

    @Test
    void getWithATimeoutThrowsWhenTheTaskIsNotReady() {
        results.markStarted("s-8");

        assertThatThrownBy(() -> results.result("s-8").get(Duration.ofMillis(100)))
                .isInstanceOf(TaskTimeoutException.class).hasMessageContaining("s-8").hasMessageContaining("STARTED");
    }

    @Test
    void aThousandTasksOnEightThreadsGiveAThousandReadableSuccessDocuments() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<TaskResult<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int n = i;
                tasks.add(results.submit("bulk-" + i, pool, () -> n * n));
            }
            for (int i = 0; i < 1000; i++) {
                assertThat(tasks.get(i).get(Duration.ofSeconds(60))).isEqualTo(i * i);
            }
        } finally {
            pool.shutdownNow();
        }
        try (var files = Files.list(location)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("celery-task-meta-bulk-"))).hasSize(1000);
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(Files.readString(location.resolve("celery-task-meta-bulk-" + i))).startsWith("{\"status\": \"SUCCESS\"");
        }
    }

    @Test
    void aLateStartedNeverReplacesSuccessUnderRaces() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                String id = "race-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<java.util.concurrent.Future<?>> writers = new ArrayList<>();
                writers.add(pool.submit(() -> {
                    await(go);
                    results.storeSuccess(id, "won");
                }));
                for (int late = 0; late < 4; late++) {
                    writers.add(pool.submit(() -> {
                        await(go);
                        results.markStarted(id);
                    }));
                }
                go.countDown();
                for (var writer : writers) {
                    writer.get(30, TimeUnit.SECONDS);
                }
                assertThat(results.result(id).state()).as(id).isEqualTo(TaskState.SUCCESS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
