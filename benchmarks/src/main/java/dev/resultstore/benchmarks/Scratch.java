package dev.resultstore.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Temporary directories of a benchmark, under {@code -Dresultstore.bench.dir} (the build sets it
 * to {@code benchmarks/target/bench-data}) or else the system temporary directory; and quiet logs.
 */
final class Scratch {

    // Held, so that the levels set here are not lost when the loggers are collected.
    private static final List<Logger> QUIETED = Stream.of("dev.resultstore", "org.jboss.weld", "io.smallrye", "com.azure")
            .map(Logger::getLogger).toList();

    private Scratch() {
    }

    /** Logs only warnings: a benchmark's own INFO lines (a store opened, results deleted) would interleave with JMH's output. */
    static void quietLogs() {
        QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
    }

    /** A new empty directory; remove it with {@link #delete}. */
    static Path directory(String name) {
        try {
            Path base = Path.of(System.getProperty("resultstore.bench.dir", System.getProperty("java.io.tmpdir")));
            return Files.createTempDirectory(Files.createDirectories(base), name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory and everything in it. */
    static void delete(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
