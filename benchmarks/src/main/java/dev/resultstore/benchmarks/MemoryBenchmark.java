package dev.resultstore.benchmarks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * The memory store against a {@link ConcurrentHashMap} put of the encoded document: the
 * difference is what ResultStore adds around storage (mostly the codec).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class MemoryBenchmark {

    private static final String TASK = "5c1f0b6e-3a55-4d7e-9a2f-0d6c1e2b7a41";
    private static final String KEY = Backends.KEY_PREFIX + TASK;

    @Param({"100B", "10KB", "1MB"})
    public String payload;

    private ResultBackend results;
    private Report value;
    private byte[] document;
    private final Map<String, byte[]> map = new ConcurrentHashMap<>();

    @Setup
    public void setUp() throws Exception {
        Scratch.quietLogs();
        results = Backends.memory();
        value = Payload.of(payload);
        results.storeSuccess(TASK, value);
        document = Backends.document(TASK, value);
    }

    @TearDown
    public void tearDown() {
        results.close();
    }

    @Benchmark
    public void store() {
        results.storeSuccess(TASK, value);
    }

    @Benchmark
    public byte[] rawStore() {
        return map.put(KEY, document);
    }
}
