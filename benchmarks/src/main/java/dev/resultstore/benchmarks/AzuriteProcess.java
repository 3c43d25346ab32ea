package dev.resultstore.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Azurite's blob service, started with {@code node} on a free port of 127.0.0.1, data in memory.
 * Installed first with npm when missing, into the directory the Azure connector's tests use too
 * ({@code benchmarks.properties}, filled in from the parent POM), under the same file lock.
 */
final class AzuriteProcess implements AutoCloseable {

    static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's well-known development account key: public, documented by Microsoft. */
    private static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Process process;
    private final int port;
    private final Path workDir;
    // Stops Azurite should the JVM end without close() (JMH ends a fork that overruns its time-out).
    private final Thread stopper;

    private AzuriteProcess(Process process, int port, Path workDir) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.stopper = new Thread(this::stop, "azurite-stopper");
        Runtime.getRuntime().addShutdownHook(stopper);
    }

    static AzuriteProcess start() throws IOException, InterruptedException {
        Path main = install();
        Path workDir = Scratch.directory("azurite");
        int port = freePort();
        Process process = new ProcessBuilder("node", main.toString(), "--blobHost", "127.0.0.1",
                "--blobPort", Integer.toString(port), "--inMemoryPersistence", "--disableTelemetry",
                "--skipApiVersionCheck", "--silent")
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("azurite.log").toFile())
                .start();
        AzuriteProcess azurite = new AzuriteProcess(process, port, workDir);
        try {
            azurite.awaitListening();
            return azurite;
        } catch (IOException | RuntimeException e) {
            azurite.close();
            throw e;
        }
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("Azurite exited with " + process.exitValue() + ": "
                        + Files.readString(workDir.resolve("azurite.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("Azurite did not listen on 127.0.0.1:" + port + " within 60 s");
                }
                Thread.sleep(50);
            }
        }
    }

    String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=http://127.0.0.1:" + port + "/" + ACCOUNT + ";";
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            // the hook stops it
        }
        stop();
        Scratch.delete(workDir);
    }

    private void stop() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static Path install() throws IOException, InterruptedException {
        Properties settings = new Properties();
        try (InputStream in = AzuriteProcess.class.getResourceAsStream("/benchmarks.properties")) {
            settings.load(in);
        }
        String version = settings.getProperty("azurite.version");
        Path home = Path.of(settings.getProperty("azurite.home"));
        Path main = home.resolve(Path.of("node_modules", "azurite", "dist", "src", "blob", "main.js"));
        Files.createDirectories(home);
        try (FileChannel lockFile = FileChannel.open(home.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            if (Files.exists(home.resolve(".installed")) && Files.exists(main)) {
                return main;
            }
            Path log = home.resolve("npm-install.log");
            Process npm = new ProcessBuilder("npm", "install", "--prefix", home.toString(), "--no-audit", "--no-fund",
                    "--loglevel=error", "azurite@" + version)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.exists(main)) {
                npm.destroyForcibly();
                throw new IOException("npm install azurite@" + version + " into " + home + " failed; see " + log);
            }
            Files.writeString(home.resolve(".installed"), version);
            return main;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
