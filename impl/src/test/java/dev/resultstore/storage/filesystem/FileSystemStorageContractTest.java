package dev.resultstore.storage.filesystem;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.ConditionalStorageContractTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSystemStorageContractTest extends ConditionalStorageContractTest {

    @TempDir
    Path directory;

    private final Map<String, byte[]> madeUndeletable = new HashMap<>();

    @Override
    protected Storage createStorage() throws Exception {
        FileSystemStorage storage = new FileSystemStorage(directory.resolve("results"));
        storage.start();
        return storage;
    }

    /** Another storage on the same directory, as another process would open it. */
    @Override
    protected Storage createSecondInstance() throws Exception {
        return createStorage();
    }

    /**
     * Turns the file into a sparse file of 1 TiB: too large for any byte array, so get fails at
     * once, while its size is one stat away. (Removing the read permission would be the natural
     * way, but tests may run as root, whom permissions do not stop.)
     */
    @Override
    protected long makeUnreadable(String key) throws Exception {
        long size = 1L << 40;
        try (RandomAccessFile file = new RandomAccessFile(directory.resolve("results").resolve(key).toFile(), "rw")) {
            file.setLength(size);
        }
        return size;
    }

    /**
     * Puts a non-empty directory where the key's file was: unlinking it fails. (Permissions would
     * not stop a test that runs as root.)
     */
    @Override
    protected void makeUndeletable(String key) throws Exception {
        Path file = directory.resolve("results").resolve(key);
        madeUndeletable.put(key, Files.readAllBytes(file));
        Files.delete(file);
        Files.writeString(Files.createDirectory(file).resolve("keeps-it"), "x");
    }

    @Override
    protected void restoreDeletable(String key) throws Exception {
        Path file = directory.resolve("results").resolve(key);
        Files.delete(file.resolve("keeps-it"));
        Files.delete(file);
        Files.write(file, madeUndeletable.remove(key));
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
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("celery-task-meta-abc", ".resultstore-locks");
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
    void keysThatLookLikeTheStoragesOwnNamesAreKeptApartFromThem() throws Exception {
        List<String> keys = List.of(".resultstore-tmp-1", ".resultstore-long", ".resultstore-locks", ".resultstore-");
        for (String key : keys) {
            storage.put(key, utf8(key));
        }
        FileSystemStorage restarted = new FileSystemStorage(directory.resolve("results"));
        restarted.start();
        restarted.close();

        for (String key : keys) {
            assertThat(text(storage.get(key))).isEqualTo(key);
        }
        assertThat(listedKeys("")).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(storage.deleteAll(keys).deleted()).isEqualTo(keys.size());
        assertThat(listedKeys("")).isEmpty();
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
