package dev.resultstore.storage.filesystem;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;

/**
 * The other process of {@link FileSystemCrossProcessRaceTest}: for each round's task, stores
 * STARTED over and over until the test says (a line with the round on stdin) that it stored
 * SUCCESS, then a few late STARTEDs more. Prints "ready" once its backend is up.
 */
public final class LateStarterProcess {

    private static final int LATE_WRITES = 3;

    private LateStarterProcess() {
    }

    public static void main(String[] args) throws Exception {
        String directory = args[0];
        String run = args[1];
        int rounds = Integer.parseInt(args[2]);
        try (ResultBackend results = ResultStores.create(Map.of("resultstore.storage", "filesystem",
                "resultstore.storage.config.location", directory, "resultstore.cleanup.interval", "0"))) {
            AtomicInteger stored = new AtomicInteger(-1);
            Thread announcements = new Thread(() -> readAnnouncements(stored), "announcements");
            announcements.setDaemon(true);
            announcements.start();
            System.out.println("ready");
            System.out.flush();
            for (int round = 0; round < rounds; round++) {
                String taskId = run + "-" + round;
                while (stored.get() < round) {
                    results.markStarted(taskId);
                }
                for (int late = 0; late < LATE_WRITES; late++) {
                    results.markStarted(taskId);
                }
            }
        }
        System.out.println("done");
    }

    private static void readAnnouncements(AtomicInteger stored) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                stored.set(Integer.parseInt(line.trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
