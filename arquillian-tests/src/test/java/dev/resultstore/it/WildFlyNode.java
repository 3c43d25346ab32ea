package dev.resultstore.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A WildFly started by a test beside the Arquillian container, from the same unpacked
 * distribution with a server base directory of its own (its configuration, data, logs and
 * deployments under target/wildfly-node), on free ports of 127.0.0.1. The WAR is deployed by the
 * deployment scanner. Stopped on {@link #close()} or, failing that, when the JVM exits.
 */
final class WildFlyNode implements ServerNode {

    private static final Duration STARTUP = Duration.ofMinutes(3);

    private final Process process;
    private final Thread stopAtExit;
    private final URL url;

    private WildFlyNode(Process process, URL url) {
        this.process = process;
        this.url = url;
        this.stopAtExit = new Thread(this::killTree, "stop-wildfly-node");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /** Starts WildFly with {@code war} deployed, on a base directory kept between starts, and waits until it serves it. */
    static WildFlyNode start(WebArchive war) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("wildfly.home"));
        Path base = Path.of(System.getProperty("wildfly.node.dir")).resolve("standalone");
        if (!Files.exists(base)) {
            copy(home.resolve("standalone"), base);
        }
        Path deployments = base.resolve("deployments");
        String name = war.getName();
        for (String marker : List.of(".deployed", ".failed", ".isdeploying", ".pending", ".undeployed")) {
            Files.deleteIfExists(deployments.resolve(name + marker));
        }
        war.as(ZipExporter.class).exportTo(deployments.resolve(name).toFile(), true);
        int http = freePort();
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base, "-Djboss.http.port=" + http, "-Djboss.https.port=" + freePort(),
                "-Djboss.management.http.port=" + freePort(), "-Djboss.management.https.port=" + freePort(),
                "-b=127.0.0.1", "-bmanagement=127.0.0.1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(base.resolve("console.log").toFile());
        // The script forwards SIGTERM to the server, which then shuts down gracefully.
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
        builder.environment().put("JAVA_OPTS", "-Xms64m -Xmx512m -Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        WildFlyNode node = new WildFlyNode(builder.start(), URI.create("http://127.0.0.1:" + http + "/"
                + name.replaceFirst("\\.war$", "") + "/").toURL());
        try {
            node.awaitDeployed(deployments, name, base);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            node.close();
            throw e;
        }
        return node;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitDeployed(Path deployments, String name, Path base) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(deployments.resolve(name + ".deployed"))) {
                return;
            }
            if (Files.exists(deployments.resolve(name + ".failed"))) {
                throw new IllegalStateException("WildFly could not deploy " + name + ": "
                        + Files.readString(deployments.resolve(name + ".failed")) + "; see " + base.resolve("log"));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("WildFly exited with " + process.exitValue() + "; see " + base.resolve("console.log"));
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("WildFly had not deployed " + name + " after " + STARTUP + "; see " + base.resolve("log"));
    }

    @Override
    public URL url() {
        return url;
    }

    @Override
    public boolean stopGracefully() throws InterruptedException {
        process.destroy();
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            killTree();
        }
        Runtime.getRuntime().removeShutdownHook(stopAtExit);
        return exited;
    }

    @Override
    public void kill() throws InterruptedException {
        killTree();
        process.waitFor(30, TimeUnit.SECONDS);
        Runtime.getRuntime().removeShutdownHook(stopAtExit);
    }

    // The script and the server JVM it started: kill -9 both.
    private void killTree() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.descendants().forEach(child -> child.onExit().join());
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        stopGracefully();
    }

    @Override
    public String toString() {
        return "WildFly at " + url;
    }
}
