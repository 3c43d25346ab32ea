package dev.resultstore.tck.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A server for tests run as a child process on 127.0.0.1 and a free port: an emulator such as
 * Azurite or s3proxy. {@link #stop()}, {@link #close()} and a shutdown hook (should the JVM end
 * first) destroy the process with its children; {@link #start()} runs it again on the same port.
 * Its output goes to {@link #log()} in its work directory.
 */
public abstract class ChildProcessServer implements Restartable, AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int ATTEMPTS = 3;
    private static final int LOG_TAIL = 4_000;

    private final String name;
    private final Path workDir;
    private final int port;
    private Process process;
    private Thread shutdownHook;

    /**
     * @param name    what the server is, for messages and thread names
     * @param workDir its working directory (log, configuration, data)
     * @param port    the port it listens on
     */
    protected ChildProcessServer(String name, Path workDir, int port) {
        this.name = name;
        this.workDir = workDir;
        this.port = port;
    }

    /** Creates a server for a port; {@link #startOnFreePort} launches it. */
    @FunctionalInterface
    protected interface Factory<T extends ChildProcessServer> {
        T create(int port) throws IOException;
    }

    /**
     * Launches a server on a free port of 127.0.0.1, trying other ports when another process takes
     * the chosen one between choosing and binding it.
     */
    protected static <T extends ChildProcessServer> T startOnFreePort(Factory<T> factory)
            throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            T server = factory.create(freePort());
            try {
                server.start();
                return server;
            } catch (IOException e) {
                server.close();
                last = e;
            }
        }
        throw last;
    }

    /** The command to run, with its working directory and environment; output is redirected to the log. */
    protected abstract ProcessBuilder command() throws IOException, InterruptedException;

    /** Whether the process serves requests now, given its log since this launch began. */
    protected abstract boolean ready(String logSinceLaunch);

    /** The directory under which each server of a kind gets its own work directory, made if missing. */
    protected static Path workRoot(String property, String defaultUnderTarget) throws IOException {
        Path root = Path.of(System.getProperty(property, Path.of("target", defaultUnderTarget).toString())).toAbsolutePath();
        Files.createDirectories(root);
        return root;
    }

    public int port() {
        return port;
    }

    protected Path workDir() {
        return workDir;
    }

    /** The process's output, appended across restarts. */
    public Path log() {
        return workDir.resolve(name.toLowerCase(Locale.ROOT) + ".log");
    }

    /** Runs the process unless it runs already, and waits until it is {@link #ready ready}. */
    @Override
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        Files.createDirectories(workDir);
        Path log = log();
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        process = command()
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()))
                .start();
        Process started = process;
        shutdownHook = new Thread(() -> destroy(started), name.toLowerCase(Locale.ROOT) + "-" + port + "-stopper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!ready(logSince(logStart))) {
            if (!started.isAlive()) {
                stop();
                throw new IOException(name + " exited with " + started.exitValue() + " on port " + port + ":\n" + tail(logStart));
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IOException(name + " did not answer on port " + port + " within " + START_TIMEOUT + ":\n" + tail(logStart));
            }
            Thread.sleep(50); // polling readiness with a deadline, not ordering
        }
    }

    /** Stops the process and its children, waiting until they have gone: connections are then refused. */
    @Override
    public synchronized void stop() {
        if (process != null) {
            destroy(process);
            process = null;
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or will run: nothing to remove
            }
            shutdownHook = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private String logSince(long offset) throws IOException {
        Path log = log();
        if (!Files.exists(log)) {
            return "";
        }
        byte[] bytes = Files.readAllBytes(log);
        int from = (int) Math.min(offset, bytes.length);
        return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    }

    private String tail(long offset) throws IOException {
        String text = logSince(offset);
        return text.substring(Math.max(0, text.length() - LOG_TAIL));
    }

    /** Destroys a process and its descendants (a launcher script may have started the server as its child). */
    public static void destroy(Process process) {
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

    /** A port of 127.0.0.1 that nothing listens on now (the OS's choice). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
