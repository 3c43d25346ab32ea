package dev.resultstore.impl;

import dev.resultstore.impl.store.DefaultResultBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;

import static org.assertj.core.api.Assertions.assertThat;

class CleanupTest {

    @TempDir
    Path location;

    private void age(String file, Duration age) throws IOException {
        Files.setLastModifiedTime(location.resolve(file), FileTime.from(Instant.now().minus(age)));
    }

    @Test
    void expiredResultsAreDeletedAndFreshOnesKept() throws IOException {
        try (ResultBackend results = Backends.filesystem(location, "resultstore.expires", "PT1H")) {
            results.storeSuccess("old-1", 1);
            results.storeFailure("old-2", new IllegalStateException("x"));
            results.storeSuccess("fresh", 3);
            age("celery-task-meta-old-1", Duration.ofHours(2));
            age("celery-task-meta-old-2", Duration.ofDays(3));

            assertThat(results.cleanup()).isEqualTo(2);

            assertThat(results.result("old-1").exists()).isFalse();
            assertThat(results.result("old-2").exists()).isFalse();
            assertThat(results.result("fresh").get()).isEqualTo(3);
        }
    }

    @Test
    void foreignFilesAreLeftAlone() throws IOException {
        Files.writeString(location.resolve("notes.txt"), "mine");
        Files.writeString(location.resolve("other-app-meta-1"), "{}");
        Files.createDirectories(location.resolve("celery-task-meta-dir"));
        Files.writeString(location.resolve("celery-task-meta-bad id"), "{}");
        for (String file : List.of("notes.txt", "other-app-meta-1", "celery-task-meta-dir", "celery-task-meta-bad id")) {
            age(file, Duration.ofDays(30));
        }
        try (ResultBackend results = Backends.filesystem(location, "resultstore.expires", "PT1H")) {
            assertThat(results.cleanup()).isZero();
        }
        assertThat(location.resolve("notes.txt")).exists();
        assertThat(location.resolve("other-app-meta-1")).exists();
        assertThat(location.resolve("celery-task-meta-dir")).isDirectory();
        assertThat(location.resolve("celery-task-meta-bad id")).exists();
    }

    @Test
    void zeroExpiryKeepsEverythingForever() throws IOException {
        try (ResultBackend results = Backends.filesystem(location, "resultstore.expires", "0")) {
            results.storeSuccess("ancient", 1);
            age("celery-task-meta-ancient", Duration.ofDays(3650));

            assertThat(results.cleanup()).isZero();
            assertThat(results.result("ancient").exists()).isTrue();
        }
    }

    @Test
    void deletesGoToTheStorageInBatches() throws IOException {
        try (ResultBackend results = Backends.create("resultstore.storage", RecordingStorage.class.getName(),
                "resultstore.storage.config.location", location.toString(), "resultstore.expires", "PT1M",
                "resultstore.cleanup.batch-size", "4")) {
            for (int i = 0; i < 10; i++) {
                results.storeSuccess("t" + i, i);
                age("celery-task-meta-t" + i, Duration.ofMinutes(5));
            }

            assertThat(results.cleanup()).isEqualTo(10);

            RecordingStorage storage = Backends.storage(results);
            assertThat(storage.batchSizes).containsExactly(4, 4, 2);
        }
    }

    @Test
    void progressIsReportedAfterEachBatch() throws IOException {
        try (DefaultResultBackend results = Backends.filesystem(location, "resultstore.expires", "PT1M",
                "resultstore.cleanup.batch-size", "3")) {
            for (int i = 0; i < 7; i++) {
                results.storeSuccess("p" + i, i);
                age("celery-task-meta-p" + i, Duration.ofMinutes(5));
            }
            results.storeSuccess("fresh", 1);
            List<String> reports = new java.util.ArrayList<>();

            results.operations().cleanup((scanned, deleted, failed) -> reports.add(deleted + "/" + failed));

            assertThat(reports).containsExactly("3/0", "6/0", "7/0");
        }
    }

    @Test
    void aKeyThatCannotBeDeletedIsLoggedAndCountedWithoutStoppingTheRest() throws IOException {
        try (LogCapture log = new LogCapture();
             ResultBackend results = Backends.create("resultstore.storage", RecordingStorage.class.getName(),
                "resultstore.storage.config.location", location.toString(), "resultstore.expires", "PT1M",
                "resultstore.storage.config.undeletable", "celery-task-meta-stuck")) {
            for (String id : List.of("a", "stuck", "b")) {
                results.storeSuccess(id, id);
                age("celery-task-meta-" + id, Duration.ofMinutes(5));
            }

            assertThat(results.cleanup()).isEqualTo(2);

            assertThat(results.result("stuck").exists()).isTrue();
            assertThat(log.records).anySatisfy(record -> assertThat(record.getParameters()).contains("celery-task-meta-stuck"));
            assertThat(log.records).anySatisfy(record -> assertThat(record.getParameters()).contains(2, 1));
        }
    }

    @Test
    void aBatchThatFailsAsAWholeIsRetriedLoggedAndCountedWhileTheOtherBatchesAreDeleted() throws IOException {
        try (LogCapture log = new LogCapture();
             ResultBackend results = Backends.create("resultstore.storage", RecordingStorage.class.getName(),
                "resultstore.storage.config.location", location.toString(), "resultstore.expires", "PT1M",
                "resultstore.storage.config.failing-batch-key", "celery-task-meta-doomed",
                "resultstore.retry.max-retries", "1", "resultstore.retry.backoff", "PT0.001S",
                "resultstore.cleanup.batch-size", "3")) {
            List<String> ids = List.of("a", "b", "c", "doomed", "d", "e", "f", "g", "h", "i");
            for (String id : ids) {
                results.storeSuccess(id, id);
                age("celery-task-meta-" + id, Duration.ofMinutes(5));
            }
            RecordingStorage storage = Backends.storage(results);

            int deleted = results.cleanup();

            // The failing batch was tried twice (one retry), the other batches once each.
            assertThat(storage.failedBatches).hasSize(2);
            List<String> failed = storage.failedBatches.get(0);
            assertThat(storage.failedBatches.get(1)).isEqualTo(failed);
            assertThat(storage.batchSizes).hasSize(5);
            assertThat(deleted).isEqualTo(ids.size() - failed.size());
            for (String id : ids) {
                assertThat(results.result(id).exists()).as(id).isEqualTo(failed.contains("celery-task-meta-" + id));
            }
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("batch delete refused (simulated)"));
            // The summary: {store, deleted, expires, could not be deleted}.
            assertThat(log.records).anySatisfy(record -> {
                assertThat(record.getMessage()).contains("could not be deleted");
                assertThat(record.getParameters()[1]).isEqualTo(deleted);
                assertThat(record.getParameters()[3]).isEqualTo(failed.size());
            });
        }
    }
}
