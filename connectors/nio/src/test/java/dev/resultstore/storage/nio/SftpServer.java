package dev.resultstore.storage.nio;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import dev.resultstore.tck.support.Restartable;

/**
 * A real SFTP server (Apache MINA SSHD) in this JVM on a free 127.0.0.1 port, serving a directory
 * as its whole file system: user {@value #PASSWORD_USER} logs in with {@value #PASSWORD}, user
 * {@value #KEY_USER} only with the key pair given.
 */
final class SftpServer implements Restartable, AutoCloseable {

    static final String PASSWORD_USER = "alice";
    static final String PASSWORD = "s3cret-Pa55";
    static final String KEY_USER = "bob";

    private final Path root;
    private final PublicKey authorizedKey;
    private final SimpleGeneratorHostKeyProvider hostKey = new SimpleGeneratorHostKeyProvider();
    private SshServer server;
    private int port;

    private SftpServer(Path root, PublicKey authorizedKey) {
        this.root = root;
        this.authorizedKey = authorizedKey;
    }

    // A stopped SshServer cannot start again: each start builds one, with the same host key.
    private void listen(int port) throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setKeyPairProvider(hostKey);
        server.setPasswordAuthenticator((user, password, session) -> PASSWORD_USER.equals(user) && PASSWORD.equals(password));
        server.setPublickeyAuthenticator((user, key, session) -> KEY_USER.equals(user) && KeyUtils.compareKeys(key, authorizedKey));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.setPort(port);
        server.start();
        this.port = server.getPort();
    }

    static SftpServer start(Path root, KeyPair authorized) throws IOException {
        SftpServer sftp = new SftpServer(root, authorized.getPublic());
        sftp.listen(0);
        return sftp;
    }

    /** A fresh RSA key pair, for a client that logs in with a key. */
    static KeyPair newKeyPair() throws java.security.GeneralSecurityException {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** {@code sftp://user@127.0.0.1:port/directory}. */
    URI uri(String user, String directory) {
        return URI.create("sftp://" + user + "@127.0.0.1:" + port + "/" + directory);
    }

    int port() {
        return port;
    }

    /** Stops listening and drops every session, as a crashed or rebooting server would. */
    @Override
    public void stop() throws IOException {
        server.stop(true);
    }

    /** Listens again on the same port. */
    @Override
    public void start() throws IOException {
        listen(port);
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
