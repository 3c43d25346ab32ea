package dev.resultstore.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.resultstore.ResultBackend;
import dev.resultstore.benchmarks.Payload.Report;

/**
 * Completion to wake-up: a waiter thread is parked in {@code TaskResult.get(Duration)} (set up
 * untimed before each call); the benchmark thread stores SUCCESS and spins until the waiter has
 * the value. The baseline hands the value over through a {@link CompletableFuture} the waiter
 * is parked on. Memory store, so that no I/O is in the way. Each call first waits 100 µs (untimed)
 * for the waiter to fall asleep, so a second holds only a few thousand calls: hence the long warm-up.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
public class AwaitBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long FALL_ASLEEP_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final Report VALUE = Payload.of("100B");

    /** A thread that runs one wait at a time, and the number of the last wait that returned. */
    public abstract static class Waiter {
        private final SynchronousQueue<Runnable> waits = new SynchronousQueue<>();
        private Thread thread;
        private volatile long woken;
        private volatile RuntimeException failure;
        private long number;

        @Setup(Level.Trial)
        public void start() {
            Scratch.quietLogs();
            thread = new Thread(() -> {
                try {
                    while (true) {
                        waits.take().run();
                    }
                } catch (InterruptedException stop) {
                    // trial over
                }
            }, "waiter");
            thread.setDaemon(true);
            thread.start();
        }

        /** Starts the next wait and returns once the waiter is parked in it. */
        @Setup(Level.Invocation)
        public void park() throws InterruptedException {
            long current = ++number;
            prepare(current);
            waits.put(() -> {
                try {
                    if (!VALUE.equals(await(current))) {
                        throw new IllegalStateException("woke without the value");
                    }
                } catch (RuntimeException e) {
                    failure = e;
                }
                woken = current;
            });
            // Only the wait itself parks with a time-out: taking the next wait from the queue parks without one.
            while (thread.getState() != Thread.State.TIMED_WAITING && woken != current) {
                Thread.onSpinWait();
            }
            // The state changes just before the thread blocks: a completion right then would find it still
            // running. Give it time to fall asleep, so that both sides measure waking a sleeping thread.
            long asleep = System.nanoTime() + FALL_ASLEEP_NANOS;
            while (System.nanoTime() < asleep) {
                Thread.onSpinWait();
            }
        }

        /** Completes the current wait and spins until the waiter has returned from it. */
        Report completeAndWait() {
            complete(number);
            while (woken != number) {
                Thread.onSpinWait();
            }
            if (failure != null) {
                throw failure;
            }
            return VALUE;
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            thread.interrupt();
            thread.join(10_000);
            close();
        }

        /** Makes ready for wait {@code number}, before the waiter starts it. */
        abstract void prepare(long number);

        /** The wait, on the waiter thread. */
        abstract Object await(long number);

        /** The completion, on the benchmark thread. */
        abstract void complete(long number);

        abstract void close() throws Exception;
    }

    private static <T> T quietly(java.util.function.Supplier<T> create) {
        Scratch.quietLogs();
        return create.get();
    }

    @State(Scope.Benchmark)
    public static class StoreWaiter extends Waiter {
        private final ResultBackend results = quietly(Backends::memory);

        @Override
        void prepare(long number) {
            if (number > 1) {
                results.forget(id(number - 1));
            }
        }

        @Override
        Object await(long number) {
            return results.result(id(number), Report.class).get(TIMEOUT);
        }

        @Override
        void complete(long number) {
            results.storeSuccess(id(number), VALUE);
        }

        @Override
        void close() {
            results.close();
        }

        private static String id(long number) {
            return "await-" + number;
        }
    }

    @State(Scope.Benchmark)
    public static class FutureWaiter extends Waiter {
        private volatile CompletableFuture<Report> future;

        @Override
        void prepare(long number) {
            future = new CompletableFuture<>();
        }

        @Override
        Object await(long number) {
            try {
                return future.get(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        void complete(long number) {
            future.complete(VALUE);
        }

        @Override
        void close() {
        }
    }

    @Benchmark
    @Goal(maxMicros = 5_000)
    public Report wakeUp(StoreWaiter waiter) {
        return waiter.completeAndWait();
    }

    @Benchmark
    public Report rawWakeUp(FutureWaiter waiter) {
        return waiter.completeAndWait();
    }
}
