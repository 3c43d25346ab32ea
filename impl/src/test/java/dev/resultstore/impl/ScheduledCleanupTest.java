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
        while (Files.exists(file)) {
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
        ResultBackend results = Backends.filesystem(location, "resultstore.expires", "PT1M",
                "resultstore.cleanup.interval", "PT0.05S");
        results.close();
        try (ResultBackend writer = Backends.filesystem(location, "resultstore.cleanup.interval", "0")) {
            storeExpired(writer, "kept");
        }

        Thread.sleep(300);

        assertThat(location.resolve("celery-task-meta-kept")).exists();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("resultstore-cleanup") && t.isAlive()
                && !t.getState().equals(Thread.State.TERMINATED));
    }
}
