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
 * deployments under target/wildfly-node), on free ports of 127.0.0.1, the management interface
 * included. The WAR is deployed by the deployment scanner. Stopped on {@link #close()} or,
 * failing that, when the JVM exits.
 */
final class WildFlyNode implements ServerNode {

    private static final Duration STARTUP = Duration.ofMinutes(3);

    private final Process process;
    private final Thread stopAtExit;
    private final URL url;
    private final URI management;

    /**
     * How a node is set up: its base directory (target/wildfly-node/{@code name}), the
     * configuration file it boots, and management commands run on that configuration (jboss-cli
     * in embed-server mode) before the first start.
     */
    record Setup(String name, String config, List<String> commands) {

        /** standalone.xml as distributed; the base directory is kept between starts. */
        static final Setup STANDALONE = new Setup("standalone", "standalone.xml", List.of());

        /** standalone-microprofile.xml (MicroProfile Health, ...) after {@code commands}, in a fresh base directory. */
        static Setup microProfile(String name, String... commands) {
            return new Setup(name, "standalone-microprofile.xml", List.of(commands));
        }

        // A set-up that changes its configuration starts from a fresh copy: its commands would not run twice.
        boolean fresh() {
            return !config.equals(STANDALONE.config) || !commands.isEmpty();
        }
    }

    private WildFlyNode(Process process, URL url, URI management) {
        this.process = process;
        this.url = url;
        this.management = management;
        this.stopAtExit = new Thread(this::killTree, "stop-wildfly-node");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /** Starts WildFly with {@code war} deployed, on a base directory kept between starts, and waits until it serves it. */
    static WildFlyNode start(WebArchive war) throws IOException, InterruptedException {
        return start(war, Setup.STANDALONE);
    }

    /** Starts WildFly as {@code setup} says with {@code war} deployed, and waits until it serves it. */
    static WildFlyNode start(WebArchive war, Setup setup) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("wildfly.home"));
        Path base = Path.of(System.getProperty("wildfly.node.dir")).resolve(setup.name());
        if (setup.fresh()) {
            delete(base);
        }
        if (!Files.exists(base)) {
            copy(home.resolve("standalone"), base);
            configure(home, base, setup);
        }
        Path deployments = base.resolve("deployments");
        String name = war.getName();
        for (String marker : List.of(".deployed", ".failed", ".isdeploying", ".pending", ".undeployed")) {
            Files.deleteIfExists(deployments.resolve(name + marker));
        }
        war.as(ZipExporter.class).exportTo(deployments.resolve(name).toFile(), true);
        int http = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(),
                "-c", setup.config(),
                "-Djboss.server.base.dir=" + base, "-Djboss.http.port=" + http, "-Djboss.https.port=" + freePort(),
                "-Djboss.management.http.port=" + managementPort, "-Djboss.management.https.port=" + freePort(),
                "-b=127.0.0.1", "-bmanagement=127.0.0.1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(base.resolve("console.log").toFile());
        // The script forwards SIGTERM to the server, which then shuts down gracefully.
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
        builder.environment().put("JAVA_OPTS", "-Xms64m -Xmx512m -Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        WildFlyNode node = new WildFlyNode(builder.start(), URI.create("http://127.0.0.1:" + http + "/"
                + name.replaceFirst("\\.war$", "") + "/").toURL(), URI.create("http://127.0.0.1:" + managementPort + "/"));
        try {
            node.awaitDeployed(deployments, name, base);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            node.close();
            throw e;
        }
        return node;
    }

    // jboss-cli with an embedded server: changes the configuration file without starting anything.
    private static void configure(Path home, Path base, Setup setup) throws IOException, InterruptedException {
        if (setup.commands().isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add("embed-server --server-config=" + setup.config() + " --std-out=discard");
        lines.addAll(setup.commands());
        lines.add("stop-embedded-server");
        Path script = Files.write(base.resolve("setup.cli"), lines);
        Path log = base.resolve("setup-cli.log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/jboss-cli.sh").toString(), "--file=" + script)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_OPTS", "-Djboss.server.base.dir=" + base + " -Djava.io.tmpdir="
                + System.getProperty("java.io.tmpdir"));
        Process cli = builder.start();
        if (!cli.waitFor(2, TimeUnit.MINUTES)) {
            cli.destroyForcibly();
            throw new IllegalStateException("jboss-cli did not finish " + script + " within 2 minutes; see " + log);
        }
        if (cli.exitValue() != 0) {
            throw new IllegalStateException("jboss-cli failed on " + script + ": " + Files.readString(log));
        }
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.delete(file);
                }
            }
        }
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

    /** The management interface, e.g. http://127.0.0.1:41235/ (/health, /metrics, /prometheus where configured). */
    URI management() {
        return management;
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
