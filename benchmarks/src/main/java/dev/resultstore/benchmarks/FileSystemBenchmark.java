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
import org.openjdk.jmh.annotations.Level;
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
 * The filesystem store: {@code storeSuccess} of a new task against a temp file plus atomic move of
 * the very bytes it writes to a new name, and a value read against {@code Files.readAllBytes} of the
 * same file; for a typed record ({@link Report}) and for an untyped {@code Map} of string fields (the
 * shape celery-peer.py times with Celery's own file backend). A store writes a task that has no
 * result yet, as a worker does (a second SUCCESS of one id would be refused by precedence on both
 * sides, and Celery skips it without writing); {@code lifecycleMap} is a task's two writes, STARTED
 * then SUCCESS over it, against two raw writes, the second replacing the first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
public class FileSystemBenchmark {

    private static final String READ = "9b7e4c2d-1f0a-4c3b-8e6d-5a4f3e2d1c0b";
    private static final String READ_FIELDS = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";

    @Param({"100B", "10KB", "1MB"})
    public String payload;

    private Path directory;
    private ResultBackend results;
    private Report value;
    private Map<String, String> fields;
    private byte[] document;
    private byte[] fieldsDocument;
    private byte[] startedDocument;
    private Path rawTemp;
    private Path rawDirectory;
    private Path ours;
    private final NewIds ids = new NewIds();
    private Path readFile;
    private Path readFieldsFile;

    @Setup
    public void setUp() throws IOException {
        Scratch.quietLogs();
        directory = Scratch.directory("filesystem");
        ours = Files.createDirectories(directory.resolve("resultstore"));
        rawDirectory = Files.createDirectories(directory.resolve("raw"));
        results = Backends.filesystem(ours);
        value = Payload.of(payload);
        results.storeSuccess(READ, value);
        fields = Payload.fields(payload);
        results.storeSuccess(READ_FIELDS, fields);
        fieldsDocument = Files.readAllBytes(ours.resolve(Backends.KEY_PREFIX + READ_FIELDS));
        readFieldsFile = ours.resolve(Backends.KEY_PREFIX + READ_FIELDS);
        // The baseline writes exactly the document ResultStore writes.
        document = Files.readAllBytes(ours.resolve(Backends.KEY_PREFIX + READ));
        readFile = ours.resolve(Backends.KEY_PREFIX + READ);
        rawTemp = rawDirectory.resolve("raw.tmp");
        String started = ids.next();
        results.markStarted(started);
        startedDocument = Files.readAllBytes(ours.resolve(Backends.KEY_PREFIX + started));
        if (!value.equals(results.result(READ, Report.class).value().orElseThrow())) {
            throw new IllegalStateException("the stored value does not read back equal");
        }
        if (!fields.equals(results.result(READ_FIELDS).value().orElseThrow())) {
            throw new IllegalStateException("the stored map does not read back equal");
        }
    }

    /** The new tasks of an iteration go, so that every iteration writes into a directory of the same size. */
    @TearDown(Level.Iteration)
    public void removeNewTasks() throws IOException {
        ids.deleteAll(ours, Backends.KEY_PREFIX);
        ids.deleteAll(rawDirectory, Backends.KEY_PREFIX);
    }

    @TearDown
    public void tearDown() throws Exception {
        results.close();
        Scratch.delete(directory);
    }

    @Benchmark
    @Goal(maxRatio = 1.2)
    public void store() {
        results.storeSuccess(ids.next(), value);
    }

    @Benchmark
    public Path rawStore() throws IOException {
        return rawWrite(ids.next(), document);
    }

    private Path rawWrite(String id, byte[] bytes) throws IOException {
        Files.write(rawTemp, bytes);
        return Files.move(rawTemp, rawDirectory.resolve(Backends.KEY_PREFIX + id), StandardCopyOption.ATOMIC_MOVE);
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
        results.storeSuccess(ids.next(), fields);
    }

    @Benchmark
    public Path rawStoreMap() throws IOException {
        return rawWrite(ids.next(), fieldsDocument);
    }

    @Benchmark
    public void lifecycleMap() {
        String id = ids.next();
        results.markStarted(id);
        results.storeSuccess(id, fields);
    }

    @Benchmark
    public Path rawLifecycleMap() throws IOException {
        String id = ids.next();
        rawWrite(id, startedDocument);
        return rawWrite(id, fieldsDocument);
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
