package dev.resultstore.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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
 * {@code cleanup()} of 100,000 expired results in a directory, against a directory scan that
 * deletes the same expired files itself. Each iteration gets a fresh directory of old results
 * (not timed); the score is the time per result.
 *
 * <p>{@code filesystem=tmpfs} (the default run) fills {@code /dev/shm}; {@code disk} fills the
 * benchmark directory. Creating a file costs up to 0.9 ms on the ext4 disks of the build machines,
 * so one iteration on disk can spend a minute and more creating its 100,000 results: run it on its
 * own ({@code -p filesystem=disk}), see the README.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(CleanupBenchmark.RESULTS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, batchSize = 1)
@Measurement(iterations = 5, batchSize = 1)
public class CleanupBenchmark {

    static final int RESULTS = 100_000;
    private static final Duration EXPIRES = Duration.ofHours(1);

    @Param({"tmpfs"})
    public String filesystem;

    private Path scratch;
    private Path directory;
    private ResultBackend results;
    private byte[] document;
    private int deleted;

    @Setup
    public void setUp() throws Exception {
        Scratch.quietLogs();
        scratch = switch (filesystem) {
            case "tmpfs" -> Files.createTempDirectory(Path.of("/dev/shm"), "resultstore-cleanup-");
            case "disk" -> Scratch.directory("cleanup");
            default -> throw new IllegalArgumentException("filesystem is tmpfs or disk, not " + filesystem);
        };
        Path sample = Files.createDirectories(scratch.resolve("sample"));
        try (ResultBackend sampleStore = Backends.filesystem(sample)) {
            Report value = Payload.of("100B");
            sampleStore.storeSuccess("sample", value);
            document = Files.readAllBytes(sample.resolve(Backends.KEY_PREFIX + "sample"));
        }
    }

    /** A fresh directory of expired results, as the filesystem store writes them, two hours old. */
    @Setup(Level.Iteration)
    public void fill() throws IOException {
        directory = Files.createTempDirectory(scratch, "results-");
        FileTime old = FileTime.from(Instant.now().minus(EXPIRES.multipliedBy(2)));
        for (int i = 0; i < RESULTS; i++) {
            Path file = directory.resolve(Backends.KEY_PREFIX + new UUID(0x5c1f0b6e3a554d7eL + i, i));
            Files.write(file, document);
            Files.setLastModifiedTime(file, old);
        }
        results = Backends.filesystem(directory, "resultstore.expires", EXPIRES.toString());
        deleted = 0;
    }

    @TearDown(Level.Iteration)
    public void check() throws Exception {
        results.close();
        if (deleted != RESULTS) {
            throw new IllegalStateException("deleted " + deleted + " of " + RESULTS + " expired results");
        }
        Scratch.delete(directory);
    }

    @TearDown
    public void tearDown() {
        Scratch.delete(scratch);
    }

    @Benchmark
    @Goal(maxMicros = 3.6)
    public int cleanup() {
        return deleted = results.cleanup();
    }

    /** What cleanup does at the least: list the directory, check each file's age, delete the old ones. */
    @Benchmark
    public int rawCleanup() throws IOException {
        Instant cutoff = Instant.now().minus(EXPIRES);
        int count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory,
                path -> path.getFileName().toString().startsWith(Backends.KEY_PREFIX))) {
            for (Path file : files) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                if (attributes.isRegularFile() && attributes.lastModifiedTime().toInstant().isBefore(cutoff)) {
                    Files.delete(file);
                    count++;
                }
            }
        }
        return deleted = count;
    }
}
