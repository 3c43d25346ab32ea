package dev.resultstore.impl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;

import static org.assertj.core.api.Assertions.assertThat;

/** Scheduled cleanup under Java SE: a plain scheduler thread, stopped when the backend closes. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ScheduledCleanupTest {

    @TempDir
    Path location;

    private void storeExpired(ResultBackend results, String id) throws Exception {
        results.storeSuccess(id, id);
        Files.setLastModifiedTime(location.resolve("celery-task-meta-" + id), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    }

    private void awaitDeleted(String id) throws InterruptedException {
        Path file = location.resolve("celery-task-meta-" + id);
        while (Files.exists(file)) { // the class's @Timeout is the deadline
            Thread.sleep(20);
        }
    }

    @Test
    void expiredResultsAreDeletedOnScheduleAndAFailingRunDoesNotStopTheNext() throws Exception {
        try (ResultBackend results = Backends.create("resultstore.storage", RecordingStorage.class.getName(),
                "resultstore.storage.config.location", location.toString(),
                "resultstore.storage.config.failing-lists", "2",
                "resultstore.expires", "PT1M", "resultstore.cleanup.interval", "PT0.1S")) {
            storeExpired(results, "old");
            results.storeSuccess("fresh", 1);

            awaitDeleted("old");

            assertThat(results.result("fresh").exists()).isTrue();
            RecordingStorage storage = Backends.storage(results);
            assertThat(storage.batchSizes).containsExactly(1);
        }
    }

    @Test
    void closingTheBackendStopsTheSchedule() throws Exception {
        java.util.Set<Thread> before = cleanupThreads();
        ResultBackend results = Backends.filesystem(location, "resultstore.expires", "PT1M",
                "resultstore.cleanup.interval", "PT0.05S");
        java.util.Set<Thread> started = cleanupThreads();
        started.removeAll(before);
        assertThat(started).as("the backend's own cleanup thread").hasSize(1);

        results.close();

        Thread thread = started.iterator().next();
        thread.join(Duration.ofSeconds(30).toMillis());
        assertThat(thread.isAlive()).as("cleanup thread still running after close").isFalse();
        // With its thread gone, nothing is left that could delete this.
        try (ResultBackend writer = Backends.filesystem(location, "resultstore.cleanup.interval", "0")) {
            storeExpired(writer, "kept");
        }
        assertThat(location.resolve("celery-task-meta-kept")).exists();
    }

    private static java.util.Set<Thread> cleanupThreads() {
        java.util.Set<Thread> threads = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
        threads.removeIf(t -> !t.getName().startsWith("resultstore-cleanup") || !t.isAlive());
        return threads;
    }
}
