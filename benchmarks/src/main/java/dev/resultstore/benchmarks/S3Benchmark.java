package dev.resultstore.benchmarks;

import java.util.HashMap;
import java.util.Map;
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

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import dev.resultstore.ResultBackend;
import dev.resultstore.benchmarks.Payload.Report;
import dev.resultstore.storage.s3.S3Proxy;

/**
 * The S3 store on s3proxy (started by the benchmark on a free port of 127.0.0.1) against a plain
 * SDK loop on the same server: {@code putObject} of the same document and {@code getObjectAsBytes}.
 * Both use the SDK's Apache HttpClient 5 transport. The goal is the issue's: at least 0.9× the raw
 * SDK's throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
public class S3Benchmark {

    private static final String STORED = "5c1f0b6e-3a55-4d7e-9a2f-0d6c1e2b7a41";
    private static final String READ = "9b7e4c2d-1f0a-4c3b-8e6d-5a4f3e2d1c0b";
    private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(5);

    @Param({"100B", "10KB"})
    public String payload;

    private S3Proxy s3proxy;
    private ResultBackend results;
    private S3Client raw;
    private Report value;
    private byte[] document;

    @Setup
    public void setUp() throws Exception {
        Scratch.quietLogs();
        s3proxy = S3Proxy.startInMemory();
        try {
            s3proxy.createBucket("resultstore");
            s3proxy.createBucket("raw");
            Map<String, String> config = new HashMap<>(s3proxy.storageConfig("resultstore"));
            String[] keysAndValues = config.entrySet().stream()
                    .flatMap(entry -> java.util.stream.Stream.of(entry.getKey(), entry.getValue())).toArray(String[]::new);
            results = Backends.create(new String[0], keysAndValues);
            value = Payload.of(payload);
            results.storeSuccess(STORED, value);
            results.storeSuccess(READ, value);
            document = Backends.document(STORED, value);
            raw = s3proxy.client();
            raw.putObject(request -> request.bucket("raw").key(Backends.KEY_PREFIX + READ).contentType("application/json"),
                    RequestBody.fromBytes(document));
            warmUp();
        } catch (Exception | Error e) {
            s3proxy.close();
            throw e;
        }
    }

    // s3proxy (Jetty in another JVM) speeds up long after JMH's warm-up: both sides are warmed alike first.
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
            raw.close();
        } finally {
            s3proxy.close();
        }
    }

    @Benchmark
    @Goal(maxRatio = 1 / 0.9)
    public void store() {
        results.storeSuccess(STORED, value);
    }

    @Benchmark
    public void rawStore() {
        raw.putObject(request -> request.bucket("raw").key(Backends.KEY_PREFIX + STORED).contentType("application/json"),
                RequestBody.fromBytes(document));
    }

    @Benchmark
    @Goal(maxRatio = 1 / 0.9)
    public Report get() {
        return results.result(READ, Report.class).value().orElseThrow();
    }

    @Benchmark
    public byte[] rawGet() {
        return raw.getObjectAsBytes(request -> request.bucket("raw").key(Backends.KEY_PREFIX + READ)).asByteArray();
    }
}
