package dev.resultstore.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.resultstore.ResultBackend;

/**
 * Filesystem stores against the raw atomic write, interleaved: on this kind of disk a JMH average
 * of file creation swings with the kernel's write-back (errors larger than the scores), so here
 * every round runs each operation for a block of calls, in a rotating order, and the report gives
 * each operation's best and median round and the ratio of the medians. Run by hand:
 * {@code java -cp <benchmarks class path> dev.resultstore.benchmarks.InterleavedStores [rounds]}.
 */
public final class InterleavedStores {

    private static final int CALLS = 1000;

    private InterleavedStores() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Scratch.quietLogs();
        Path directory = Scratch.directory("interleaved");
        try (ResultBackend backend = Backends.filesystem(Files.createDirectories(directory.resolve("resultstore")))) {
            Path raw = Files.createDirectories(directory.resolve("raw"));
            Path ours = directory.resolve("resultstore");
            for (String size : List.of("100B", "10KB")) {
                Object record = Payload.of(size);
                Object map = Payload.fields(size);
                NewIds ids = new NewIds();
                byte[] recordDocument = Backends.document(ids.next(), record);
                byte[] mapDocument = Backends.document(ids.next(), map);
                Map<String, Runnable> operations = new LinkedHashMap<>();
                operations.put("store record", () -> backend.storeSuccess(ids.next(), record));
                operations.put("raw record", () -> rawWrite(raw, ids.next(), recordDocument));
                operations.put("store map", () -> backend.storeSuccess(ids.next(), map));
                operations.put("raw map", () -> rawWrite(raw, ids.next(), mapDocument));
                List<String> names = new ArrayList<>(operations.keySet());
                Map<String, double[]> times = new LinkedHashMap<>();
                names.forEach(name -> times.put(name, new double[rounds]));
                for (int round = -3; round < rounds; round++) { // three rounds of warm-up
                    for (int i = 0; i < names.size(); i++) {
                        String name = names.get((i + Math.max(round, 0)) % names.size());
                        remove(ids, ours, raw);
                        long start = System.nanoTime();
                        for (int call = 0; call < CALLS; call++) {
                            operations.get(name).run();
                        }
                        if (round >= 0) {
                            times.get(name)[round] = (System.nanoTime() - start) / 1000.0 / CALLS;
                        }
                    }
                }
                remove(ids, ours, raw);
                for (String shape : List.of("record", "map")) {
                    double[] mine = sorted(times.get("store " + shape));
                    double[] theirs = sorted(times.get("raw " + shape));
                    System.out.printf("store %-6s %-5s ResultStore best %7.1f median %7.1f µs   raw best %7.1f median %7.1f µs   median ratio %.2f×%n",
                            shape, size, mine[0], mine[rounds / 2], theirs[0], theirs[rounds / 2], mine[rounds / 2] / theirs[rounds / 2]);
                }
            }
        } finally {
            Scratch.delete(directory);
        }
    }

    private static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static void rawWrite(Path directory, String id, byte[] document) {
        try {
            Path temp = directory.resolve("raw.tmp");
            Files.write(temp, document);
            Files.move(temp, directory.resolve(Backends.KEY_PREFIX + id), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void remove(NewIds ids, Path... directories) {
        try {
            for (Path directory : directories) {
                ids.deleteAll(directory, Backends.KEY_PREFIX);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
