package dev.resultstore.storage.nio;

import java.net.URI;
import java.nio.file.FileSystem;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
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

    @Test
    void resultsAreFilesInTheDirectoryOfTheUri() throws Exception {
        storage.put(key("t1"), utf8("{}"));

        assertThat(jimfs.getPath(directory, key("t1"))).exists();
        assertThat(storage.description()).isEqualTo("jimfs://" + NAME + directory);
    }
}
