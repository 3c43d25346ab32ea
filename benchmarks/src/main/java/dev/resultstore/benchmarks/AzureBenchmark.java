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

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;

import dev.resultstore.ResultBackend;
import dev.resultstore.benchmarks.Payload.Report;
import dev.resultstore.storage.azure.Azurite;

/**
 * The Azure Blob store on Azurite (started by the benchmark on a free port of 127.0.0.1)
 * against a plain SDK loop: {@code BlobClient.upload(BinaryData, true)} of the same document and
 * {@code downloadContent()}. Both use the JDK HttpClient transport. Each call takes milliseconds
 * and varies by ±25% from second to second (Azurite is a Node process on the same two cores): hence
 * ten measurement iterations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
public class AzureBenchmark {

    private static final String STORED = "5c1f0b6e-3a55-4d7e-9a2f-0d6c1e2b7a41";
    private static final String READ = "9b7e4c2d-1f0a-4c3b-8e6d-5a4f3e2d1c0b";
    private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(5);

    @Param({"100B", "10KB"})
    public String payload;

    private Azurite azurite;
    private ResultBackend results;
    private Report value;
    private BlobClient rawStored;
    private BlobClient rawRead;
    private BinaryData document;

    @Setup
    public void setUp() throws Exception {
        Scratch.quietLogs();
        azurite = Azurite.startInMemory();
        try {
            results = Backends.create(new String[0],
                    "resultstore.storage", "azure-blob",
                    "resultstore.storage.config.connection-string", azurite.connectionString(),
                    "resultstore.storage.config.container", "resultstore",
                    "resultstore.storage.config.create-container", "true");
            value = Payload.of(payload);
            results.storeSuccess(STORED, value);
            results.storeSuccess(READ, value);
            byte[] bytes = Backends.document(STORED, value);
            document = BinaryData.fromBytes(bytes);

            BlobContainerClient raw = new BlobServiceClientBuilder().connectionString(azurite.connectionString())
                    .buildClient().createBlobContainer("raw");
            rawStored = raw.getBlobClient(Backends.KEY_PREFIX + STORED);
            rawRead = raw.getBlobClient(Backends.KEY_PREFIX + READ);
            rawRead.upload(document, true);
            warmUp();
        } catch (Exception | Error e) {
            azurite.close();
            throw e;
        }
    }

    /**
     * Azurite (Node) and the SDK take far longer to reach a steady speed than JMH's warm-up, and
     * each fork starts a new Azurite: every operation of the pair is warmed alike here first, so
     * that neither side is measured while the emulator is still speeding up.
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
        } finally {
            azurite.close();
        }
    }

    @Benchmark
    @Goal(maxRatio = 1 / 0.9)
    public void store() {
        results.storeSuccess(STORED, value);
    }

    @Benchmark
    public void rawStore() {
        rawStored.upload(document, true);
    }

    @Benchmark
    @Goal(maxRatio = 1 / 0.9)
    public Report get() {
        return results.result(READ, Report.class).value().orElseThrow();
    }

    @Benchmark
    public byte[] rawGet() {
        return rawRead.downloadContent().toBytes();
    }
}
