package dev.resultstore.storage.nio;

import java.nio.file.Files;
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
