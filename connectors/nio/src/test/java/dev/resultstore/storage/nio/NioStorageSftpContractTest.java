package dev.resultstore.storage.nio;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.HashMap;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.ConditionalStorageContractTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The TCK over real SFTP: an SSHD server in this JVM, the SSHD {@code sftp://} provider as the client, password login. */
class NioStorageSftpContractTest extends ConditionalStorageContractTest {

    private static final AtomicInteger DIRECTORIES = new AtomicInteger();

    @TempDir
    static Path served;
    private static SftpServer sftp;

    private String directory;
    private final Map<String, byte[]> hidden = new HashMap<>();

    @BeforeAll
    static void startServer() throws Exception {
        KeyPair unused = SftpServer.newKeyPair();
        sftp = SftpServer.start(served, unused);
    }

    @AfterAll
    static void stopServer() throws Exception {
        sftp.close();
    }

    @Override
    protected Storage createStorage() throws Exception {
        directory = "results-" + DIRECTORIES.incrementAndGet();
        return startedOnDirectory();
    }

    /** Another storage on the same directory, sharing the open SFTP file system as another store of this JVM would. */
    @Override
    protected Storage createSecondInstance() throws Exception {
        return startedOnDirectory();
    }

    /** A sparse file of 1 TiB on the server: too large for any byte array, its size one stat away. */
    @Override
    protected long makeUnreadable(String key) throws Exception {
        long size = 1L << 40;
        try (RandomAccessFile file = new RandomAccessFile(served.resolve(directory).resolve(key).toFile(), "rw")) {
            file.setLength(size);
        }
        return size;
    }

    /** A non-empty directory on the server where the key's file was: removing it fails. */
    @Override
    protected void makeUndeletable(String key) throws Exception {
        Path file = served.resolve(directory).resolve(key);
        hidden.put(key, Files.readAllBytes(file));
        Files.delete(file);
        Files.writeString(Files.createDirectory(file).resolve("keeps-it"), "x");
    }

    @Override
    protected void restoreDeletable(String key) throws Exception {
        Path file = served.resolve(directory).resolve(key);
        Files.delete(file.resolve("keeps-it"));
        Files.delete(file);
        Files.write(file, hidden.remove(key));
    }

    private Storage startedOnDirectory() throws Exception {
        NioStorage storage = new NioStorage(sftp.uri(SftpServer.PASSWORD_USER, directory));
        storage.setEnvironment(Map.of("password", SftpServer.PASSWORD));
        storage.setAllowNonAtomic(true);
        storage.start();
        return storage;
    }

    @Test
    void resultsAreFilesOnTheServer() throws Exception {
        storage.put(key("t1"), utf8("{}"));

        assertThat(served.resolve(directory).resolve(key("t1"))).hasContent("{}");
        assertThat(storage.description()).doesNotContain(SftpServer.PASSWORD);
    }
}
