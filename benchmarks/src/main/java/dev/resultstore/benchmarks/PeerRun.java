package dev.resultstore.benchmarks;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import dev.resultstore.ResultBackend;

/**
 * ResultStore's side of the head-to-head with Celery: the very protocol of celery-peer.py (same
 * payloads, same operations, best of 7 rounds of about 0.3 s, new tasks removed between rounds), so
 * that the two figures are measured alike, run alternately with the Celery peer by peers.sh. JMH
 * ({@link FileSystemBenchmark}) measures ResultStore against raw I/O; this measures it against Celery.
 *
 * <p>Usage: {@code PeerRun <result.json> <scratch directory>}.
 */
public final class PeerRun {

    private static final int ROUNDS = 7;
    private static final long ROUND_NANOS = 300_000_000L;
    private static final long WARM_UP_NANOS = 3_000_000_000L;

    private PeerRun() {
    }

    public static void main(String[] args) throws Exception {
        Scratch.quietLogs();
        Path scratch = Files.createDirectories(Path.of(args[1])).resolve("resultstore-peer");
        Scratch.delete(scratch);
        Files.createDirectories(scratch);
        Map<String, Double> results = new LinkedHashMap<>();
        try (ResultBackend backend = Backends.filesystem(scratch)) {
            for (String size : List.of("100B", "10KB", "1MB")) {
                for (String shape : List.of("map", "report")) {
                    Object value = shape.equals("map") ? Payload.fields(size) : Payload.of(size);
                    String read = new NewIds().next().replace("0e7e7e7e", "0eadadad");
                    backend.storeSuccess(read, value);
                    // The map untyped (as Celery reads it), the record bound to its class.
                    Supplier<Object> get = shape.equals("map")
                            ? () -> backend.result(read).value().orElseThrow()
                            : () -> backend.result(read, value.getClass()).value().orElseThrow();
                    if (!value.equals(get.get())) {
                        throw new IllegalStateException("ResultStore did not read back what it stored");
                    }
                    NewIds ids = new NewIds();
                    Map<String, Runnable> timed = new LinkedHashMap<>();
                    timed.put("store", () -> backend.storeSuccess(ids.next(), value));
                    timed.put("get", () -> Objects.requireNonNull(get.get()));
                    if (shape.equals("map")) {
                        timed.put("lifecycle", () -> {
                            String task = ids.next();
                            backend.markStarted(task);
                            backend.storeSuccess(task, value);
                        });
                    }
                    StringBuilder line = new StringBuilder(String.format("%-6s %-6s", shape, size));
                    for (Map.Entry<String, Runnable> operation : timed.entrySet()) {
                        double best = best(operation.getValue(), () -> removeNew(ids, scratch));
                        results.put(operation.getKey() + " " + shape + " " + size, best);
                        line.append(String.format("   %s %10.1f µs", operation.getKey(), best));
                    }
                    System.out.println(line);
                }
            }
        } finally {
            Scratch.delete(scratch);
        }
        try (Writer out = Files.newBufferedWriter(Path.of(args[0]))) {
            out.write("{\n");
            for (Map.Entry<String, Double> result : results.entrySet()) {
                out.write(String.format(java.util.Locale.ROOT, " \"%s\": %.3f,%n", result.getKey(), result.getValue()));
            }
            out.write(String.format(" \"_about\": \"ResultStore, JDK %s, filesystem storage, best of %d rounds\"%n}%n",
                    Runtime.version(), ROUNDS));
        }
    }

    /** Mean µs per call of the best round, after a JIT warm-up; {@code between} (untimed) before each round and at the end. */
    private static double best(Runnable operation, Runnable between) {
        long warmUpEnd = System.nanoTime() + WARM_UP_NANOS;
        while (System.nanoTime() < warmUpEnd) {
            operation.run();
        }
        between.run();
        long start = System.nanoTime();
        operation.run();
        long once = Math.max(System.nanoTime() - start, 1_000);
        long calls = Math.max(1, ROUND_NANOS / once);
        double best = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            between.run();
            start = System.nanoTime();
            for (long call = 0; call < calls; call++) {
                operation.run();
            }
            best = Math.min(best, (System.nanoTime() - start) / (double) calls / 1000.0);
        }
        between.run();
        return best;
    }

    private static void removeNew(NewIds ids, Path scratch) {
        try {
            ids.deleteAll(scratch, Backends.KEY_PREFIX);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
