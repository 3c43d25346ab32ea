package dev.resultstore.storage.filesystem;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.StorageContractTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSystemStorageContractTest extends StorageContractTest {

    @TempDir
    Path directory;

    @Override
    protected Storage createStorage() throws Exception {
        FileSystemStorage storage = new FileSystemStorage(directory.resolve("results"));
        storage.start();
        return storage;
    }

    @Test
    void eachKeyIsOneFileNamedAfterIt() throws Exception {
        storage.put("celery-task-meta-abc", utf8("{}"));

        assertThat(directory.resolve("results/celery-task-meta-abc")).hasContent("{}");
    }

    @Test
    void temporaryFilesAreNeitherListedNorLeftBehind() throws Exception {
        for (int i = 0; i < 20; i++) {
            storage.put("celery-task-meta-abc", utf8("value " + i));
        }

        assertThat(listedKeys("")).containsExactly("celery-task-meta-abc");
        try (var files = Files.list(directory.resolve("results"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("celery-task-meta-abc");
        }
    }

    @Test
    void staleTemporaryFilesOfADeadWriterAreRemovedAtStartAndFreshOnesKept() throws Exception {
        Path results = directory.resolve("results");
        Path stale = Files.writeString(results.resolve(".resultstore-tmp-dead"), "half a resu");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(7200)));
        Path fresh = Files.writeString(results.resolve(".resultstore-tmp-busy"), "being written");

        FileSystemStorage restarted = new FileSystemStorage(results);
        restarted.start();

        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(listedKeys("")).isEmpty();
    }

    @Test
    void keysThatLookLikeTheStoragesOwnFilesAreRefused() {
        assertThatThrownBy(() -> storage.put(".resultstore-tmp-1", utf8("x"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fsyncWritesAreReadBack() throws Exception {
        FileSystemStorage durable = new FileSystemStorage(directory.resolve("durable"), true);
        durable.start();

        durable.put("k", utf8("kept"));

        assertThat(durable.get("k")).hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("kept"));
    }

    @Test
    void keysThatWouldLeaveTheDirectoryAreRefused() {
        for (String key : new String[] {"../x", "/abs", "a/b", "..", "."}) {
            assertThatThrownBy(() -> storage.put(key, utf8("x"))).as(key).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(directory.resolve("x")).doesNotExist();
    }

    @Test
    void aLocationThatIsAFileIsRejectedAtStart() throws Exception {
        Path file = Files.writeString(directory.resolve("plain-file"), "x");
        FileSystemStorage misplaced = new FileSystemStorage(file);

        assertThatThrownBy(misplaced::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("location").hasMessageContaining("not a directory");
    }
}
