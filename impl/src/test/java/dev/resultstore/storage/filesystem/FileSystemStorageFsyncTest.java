package dev.resultstore.storage.filesystem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code fsync=true} does, seen from outside: the JVM's flight recorder reports every
 * {@code FileChannel.force} (event {@code jdk.FileForce}) with the path it was called on.
 */
class FileSystemStorageFsyncTest {

    @TempDir
    Path directory;

    @Test
    void fsyncForcesTheWrittenFileAndItsDirectoryToDisk() throws Exception {
        Path location = directory.resolve("durable");

        List<String> forced = forcedPathsWhilePutting(new FileSystemStorage(location, true));

        assertThat(forced).anySatisfy(path -> assertThat(path).startsWith(location + "/" + KeyLayout.TEMP_PREFIX));
        assertThat(forced).contains(location.toString());
    }

    @Test
    void withoutFsyncNothingIsForced() throws Exception {
        Path location = directory.resolve("fast");

        List<String> forced = forcedPathsWhilePutting(new FileSystemStorage(location, false));

        assertThat(forced).noneMatch(path -> path.startsWith(location.toString()));
    }

    private List<String> forcedPathsWhilePutting(FileSystemStorage storage) throws Exception {
        Path dump = directory.resolve("forces-" + System.nanoTime() + ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.FileForce").withoutThreshold().withoutStackTrace();
            storage.start();
            recording.start();
            storage.put("celery-task-meta-k", "kept".getBytes(StandardCharsets.UTF_8));
            recording.stop();
            recording.dump(dump);
            assertThat(storage.get("celery-task-meta-k")).hasValueSatisfying(
                    value -> assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo("kept"));
        } finally {
            storage.close();
        }
        return RecordingFile.readAllEvents(dump).stream()
                .map(event -> event.getString("path"))
                .filter(path -> path != null)
                .toList();
    }
}
