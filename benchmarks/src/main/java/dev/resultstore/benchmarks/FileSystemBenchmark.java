package dev.resultstore.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

import dev.resultstore.ResultBackend;
import dev.resultstore.benchmarks.Payload.Report;

/**
 * The filesystem store: {@code storeSuccess} against a temp file plus atomic move of the very
 * bytes it writes, and a value read against {@code Files.readAllBytes} of the same file; for a
 * typed record ({@link Report}) and for an untyped {@code Map} of string fields (the shape
 * celery-peer.py times with Celery's own file backend).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
public class FileSystemBenchmark {

    private static final String STORED = "5c1f0b6e-3a55-4d7e-9a2f-0d6c1e2b7a41";
    private static final String READ = "9b7e4c2d-1f0a-4c3b-8e6d-5a4f3e2d1c0b";
    private static final String STORED_FIELDS = "0d7f6a5b-2c3d-4e5f-8a9b-0c1d2e3f4a5b";
    private static final String READ_FIELDS = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";

    @Param({"100B", "10KB", "1MB"})
    public String payload;

    private Path directory;
    private ResultBackend results;
    private Report value;
    private Map<String, String> fields;
    private byte[] document;
    private byte[] fieldsDocument;
    private Path rawTemp;
    private Path rawTarget;
    private Path readFile;
    private Path readFieldsFile;

    @Setup
    public void setUp() throws IOException {
        Scratch.quietLogs();
        directory = Scratch.directory("filesystem");
        Path ours = Files.createDirectories(directory.resolve("resultstore"));
        Path raw = Files.createDirectories(directory.resolve("raw"));
        results = Backends.filesystem(ours);
        value = Payload.of(payload);
        results.storeSuccess(STORED, value);
        results.storeSuccess(READ, value);
        fields = Payload.fields(payload);
        results.storeSuccess(STORED_FIELDS, fields);
        results.storeSuccess(READ_FIELDS, fields);
        fieldsDocument = Files.readAllBytes(ours.resolve(Backends.KEY_PREFIX + STORED_FIELDS));
        readFieldsFile = ours.resolve(Backends.KEY_PREFIX + READ_FIELDS);
        // The baseline writes exactly the document ResultStore writes.
        document = Files.readAllBytes(ours.resolve(Backends.KEY_PREFIX + STORED));
        readFile = ours.resolve(Backends.KEY_PREFIX + READ);
        rawTemp = raw.resolve("raw.tmp");
        rawTarget = raw.resolve(Backends.KEY_PREFIX + STORED);
        if (!value.equals(results.result(READ, Report.class).value().orElseThrow())) {
            throw new IllegalStateException("the stored value does not read back equal");
        }
        if (!fields.equals(results.result(READ_FIELDS).value().orElseThrow())) {
            throw new IllegalStateException("the stored map does not read back equal");
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        results.close();
        Scratch.delete(directory);
    }

    @Benchmark
    @Goal(maxRatio = 1.2)
    public void store() {
        results.storeSuccess(STORED, value);
    }

    @Benchmark
    public Path rawStore() throws IOException {
        Files.write(rawTemp, document);
        return Files.move(rawTemp, rawTarget, StandardCopyOption.ATOMIC_MOVE);
    }

    @Benchmark
    @Goal(maxRatio = 1.5)
    public Report get() {
        return results.result(READ, Report.class).value().orElseThrow();
    }

    @Benchmark
    public byte[] rawGet() throws IOException {
        return Files.readAllBytes(readFile);
    }

    @Benchmark
    @Goal(maxRatio = 1.2)
    public void storeMap() {
        results.storeSuccess(STORED_FIELDS, fields);
    }

    @Benchmark
    public Path rawStoreMap() throws IOException {
        Files.write(rawTemp, fieldsDocument);
        return Files.move(rawTemp, rawTarget, StandardCopyOption.ATOMIC_MOVE);
    }

    @Benchmark
    @Goal(maxRatio = 1.5)
    public Object getMap() {
        return results.result(READ_FIELDS).value().orElseThrow();
    }

    @Benchmark
    public byte[] rawGetMap() throws IOException {
        return Files.readAllBytes(readFieldsFile);
    }
}
