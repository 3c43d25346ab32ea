package dev.resultstore.storage.nio;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.ConditionalStorageContractTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The TCK on an in-memory Jimfs file system, found by its {@code jimfs://} URI among the installed providers. */
class NioStorageJimfsContractTest extends ConditionalStorageContractTest {

    private static final String NAME = "nio-contract";
    private static final AtomicInteger DIRECTORIES = new AtomicInteger();
    private static FileSystem jimfs;

    private String directory;
    private final Map<String, byte[]> hidden = new HashMap<>();

    @BeforeAll
    static void createFileSystem() {
        jimfs = Jimfs.newFileSystem(NAME, Configuration.unix());
    }

    @AfterAll
    static void closeFileSystem() throws Exception {
        jimfs.close();
    }

    @Override
    protected Storage createStorage() throws Exception {
        directory = "/srv/results-" + DIRECTORIES.incrementAndGet();
        NioStorage storage = new NioStorage(URI.create("jimfs://" + NAME + directory));
        storage.start();
        return storage;
    }

    @Override
    protected Storage createSecondInstance() throws Exception {
        NioStorage second = new NioStorage(URI.create("jimfs://" + NAME + directory));
        second.start();
        return second;
    }

    @Override
    protected long makeUnreadable(String key) {
        return Assumptions.abort("Jimfs enforces no permissions and cannot hold a sparse file too large to read");
    }

    /** A non-empty directory where the key's file was: deleting it fails. */
    @Override
    protected void makeUndeletable(String key) throws Exception {
        Path file = jimfs.getPath(directory, key);
        hidden.put(key, Files.readAllBytes(file));
        Files.delete(file);
        Files.writeString(Files.createDirectory(file).resolve("keeps-it"), "x");
    }

    @Override
    protected void restoreDeletable(String key) throws Exception {
        Path file = jimfs.getPath(directory, key);
        Files.delete(file.resolve("keeps-it"));
        Files.delete(file);
        Files.write(file, hidden.remove(key));
    }

    @Test
    void resultsAreFilesInTheDirectoryOfTheUri() throws Exception {
        storage.put(key("t1"), utf8("{}"));

        assertThat(jimfs.getPath(directory, key("t1"))).exists();
        assertThat(storage.description()).isEqualTo("jimfs://" + NAME + directory);
    }
}
