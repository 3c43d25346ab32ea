package dev.resultstore.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.resultstore.ResultBackend;
import dev.resultstore.benchmarks.Payload.Report;

/**
 * A cloud store on its emulator (started by the benchmark on a free port of 127.0.0.1) against a
 * plain SDK loop on the same server: {@link #store()} beside {@link #rawStore()}, which writes the
 * same document, and {@link #get()} beside {@link #rawGet()}. Each call takes milliseconds and
 * varies from second to second (the emulator shares the two cores): hence ten measurement iterations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
public abstract class EmulatorBenchmark {

    static final String STORED = "5c1f0b6e-3a55-4d7e-9a2f-0d6c1e2b7a41";
    static final String READ = "9b7e4c2d-1f0a-4c3b-8e6d-5a4f3e2d1c0b";
    private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(5);

    @Param({"100B", "10KB"})
    public String payload;

    private AutoCloseable server;
    private ResultBackend results;
    private Report value;

    /** Starts the emulator, which {@link #tearDown()} closes. */
    protected abstract AutoCloseable startServer() throws Exception;

    /** Prepares the emulator for the store (its bucket, say) and returns the backend's configuration, as keys and values. */
    protected abstract String[] prepareStore();

    /** Prepares the raw side: where {@link #rawStore()} writes {@code document}, and {@link #READ}'s document for {@link #rawGet()}. */
    protected abstract void setUpRaw(byte[] document) throws Exception;

    /** Releases the raw side's client, if it holds one. */
    protected void tearDownRaw() {
    }

    @Setup
    public void setUp() throws Exception {
        Scratch.quietLogs();
        server = startServer();
        try {
            results = Backends.create(new String[0], prepareStore());
            value = Payload.of(payload);
            results.storeSuccess(STORED, value);
            results.storeSuccess(READ, value);
            setUpRaw(Backends.document(STORED, value));
            warmUp();
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    /**
     * The emulator and the SDK take far longer to reach a steady speed than JMH's warm-up, and each
     * fork starts a new emulator: every operation of the pair is warmed alike here first, so that
     * neither side is measured while the emulator is still speeding up.
     */
    private void warmUp() {
        long end = System.nanoTime() + WARM_UP_NANOS;
        while (System.nanoTime() < end) {
            store();
            rawStore();
            get();
            rawGet();
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        try {
            results.close();
            tearDownRaw();
        } finally {
            server.close();
        }
    }

    @Benchmark
    @Goal(maxRatio = 1 / 0.9)
    public void store() {
        results.storeSuccess(STORED, value);
    }

    /** The baseline of {@link #store()}: the SDK writes the same document. */
    public abstract void rawStore();

    @Benchmark
    @Goal(maxRatio = 1 / 0.9)
    public Report get() {
        return results.result(READ, Report.class).value().orElseThrow();
    }

    /** The baseline of {@link #get()}: the SDK reads the stored document. */
    public abstract byte[] rawGet();
}
