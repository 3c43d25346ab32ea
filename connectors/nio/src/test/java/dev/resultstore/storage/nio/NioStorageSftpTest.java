package dev.resultstore.storage.nio;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;

import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.sftp.client.fs.SftpFileSystemProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStoreConfigurationException;
import dev.resultstore.ResultStores;
import dev.resultstore.TaskState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code nio} storage configured as users configure it, over a real SFTP server with password and key logins. */
class NioStorageSftpTest {

    @TempDir
    static Path served;
    private static SftpServer sftp;
    private static KeyPair clientKey;

    @BeforeAll
    static void startServer() throws Exception {
        clientKey = SftpServer.newKeyPair();
        sftp = SftpServer.start(served, clientKey);
    }

    @AfterAll
    static void stopServer() throws Exception {
        sftp.close();
    }

    private static Map<String, String> config(String user, String directory) {
        Map<String, String> config = new HashMap<>();
        config.put("resultstore.storage", "nio");
        config.put("resultstore.storage.config.uri", sftp.uri(user, directory).toString());
        config.put("resultstore.storage.config.allow-non-atomic", "true");
        config.put("resultstore.cleanup.interval", "0");
        return config;
    }

    @Test
    void resultsAreStoredOverSftpWithThePasswordFromTheEnvironmentParameter() throws Exception {
        Map<String, String> config = config(SftpServer.PASSWORD_USER, "by-password");
        config.put("resultstore.storage.config.environment.password", SftpServer.PASSWORD);

        try (ResultBackend results = ResultStores.create(config)) {
            results.storeSuccess("t1", Map.of("pages", 12));

            assertThat(results.result("t1").state()).isEqualTo(TaskState.SUCCESS);
        }
        assertThat(served.resolve("by-password/celery-task-meta-t1")).content().contains("\"status\": \"SUCCESS\"");
    }

    @Test
    void resultsAreStoredOverSftpWithTheClientsKeyAndNoPassword() throws Exception {
        // The key the SSH client would find in ~/.ssh, given to the installed provider's client directly
        // (the installed provider is a facade: the real one is its file systems' provider).
        URI another = URI.create("sftp://" + SftpServer.PASSWORD_USER + ":" + SftpServer.PASSWORD + "@127.0.0.1:" + sftp.port());
        try (FileSystem fileSystem = FileSystems.newFileSystem(another, Map.of())) {
            ((SftpFileSystemProvider) fileSystem.provider()).getClientInstance()
                    .setKeyIdentityProvider(KeyIdentityProvider.wrapKeyPairs(clientKey));
        }

        try (ResultBackend results = ResultStores.create(config(SftpServer.KEY_USER, "by-key"))) {
            results.storeFailure("t2", new IllegalStateException("disk full"));

            assertThat(results.result("t2").failure()).hasValueSatisfying(failure -> assertThat(failure.message()).isEqualTo("disk full"));
        }
        assertThat(served.resolve("by-key/celery-task-meta-t2")).exists();
    }

    @Test
    void aWrongPasswordFailsTheConfigurationWithoutShowingIt() {
        Map<String, String> config = config(SftpServer.PASSWORD_USER, "wrong");
        config.put("resultstore.storage.config.environment.password", "not-the-Pa55word");

        assertThatThrownBy(() -> ResultStores.create(config)).isInstanceOf(ResultStoreConfigurationException.class)
                .hasMessageContaining("sftp://" + SftpServer.PASSWORD_USER + "@127.0.0.1:" + sftp.port() + "/wrong")
                .hasMessageNotContaining("not-the-Pa55word");
    }

    @Test
    void sftpWithoutAllowNonAtomicIsRefusedNamingTheGuaranteeItCannotKeep() {
        Map<String, String> config = config(SftpServer.PASSWORD_USER, "strict");
        config.remove("resultstore.storage.config.allow-non-atomic");
        config.put("resultstore.storage.config.environment.password", SftpServer.PASSWORD);

        assertThatThrownBy(() -> ResultStores.create(config)).isInstanceOf(ResultStoreConfigurationException.class)
                .hasMessageContaining("atomic replace").hasMessageContaining("allow-non-atomic=true")
                .hasMessageNotContaining(SftpServer.PASSWORD);
    }

    @Test
    void anUnknownSchemeFailsListingTheInstalledOnes() {
        Map<String, String> config = config(SftpServer.PASSWORD_USER, "x");
        config.put("resultstore.storage.config.uri", "nosuchfs://host/results");

        assertThatThrownBy(() -> ResultStores.create(config)).isInstanceOf(ResultStoreConfigurationException.class)
                .hasMessageContaining("no file system provider for the scheme 'nosuchfs'")
                .hasMessageContaining("sftp").hasMessageContaining("jimfs").hasMessageContaining("file");
    }

    @Test
    void aMissingUriSaysWhatToGive() {
        Map<String, String> config = config(SftpServer.PASSWORD_USER, "x");
        config.remove("resultstore.storage.config.uri");

        assertThatThrownBy(() -> ResultStores.create(config)).isInstanceOf(ResultStoreConfigurationException.class)
                .hasMessageContaining("uri is missing").hasMessageContaining("sftp://user@host:22/srv/results");
    }
}
