package dev.resultstore.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A Payara Micro started by a test, beside the Arquillian container: Arquillian runs one kind of
 * adapter per JVM, so a second, different node is started here, the way the Payara Micro adapter
 * starts it (127.0.0.1 through the same preboot commands, a port reserved by the build, no
 * clustering), and stopped on {@link #close()} or, failing that, when the JVM exits.
 */
final class PayaraMicroNode implements ServerNode {

    private static final Duration STARTUP = Duration.ofMinutes(2);

    private final Process process;
    private final Thread stopAtExit;
    private final URL url;

    private PayaraMicroNode(Process process, URL url) {
        this.process = process;
        this.url = url;
        this.stopAtExit = new Thread(process::destroyForcibly, "stop-payara-micro-node");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /** Starts Payara Micro with {@code war} deployed and waits until it serves it. */
    static PayaraMicroNode start(WebArchive war) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(Path.of(System.getProperty("payara.node.dir")));
        Path log = dir.resolve("server.log");
        Path file = dir.resolve(war.getName());
        war.as(ZipExporter.class).exportTo(file.toFile(), true);
        String port = System.getProperty("payara.node.http.port");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx512m", "-Duser.home=" + System.getProperty("payara.user.home"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-jar", System.getProperty("payara.micro.jar"),
                "--nocluster", "--port", port, "--prebootcommandfile", System.getProperty("payara.preboot"),
                "--disablephonehome", "--deploy", file.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String context = war.getName().replaceFirst("\\.war$", "");
        PayaraMicroNode node = new PayaraMicroNode(process,
                URI.create("http://127.0.0.1:" + port + "/" + context + "/").toURL());
        try {
            node.awaitReady(log, context);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            node.close();
            throw e;
        }
        return node;
    }

    @Override
    public URL url() {
        return url;
    }

    private void awaitReady(Path log, String context) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.exists(log) ? Files.readString(log, UTF_8) : "";
            if (output.contains("Payara Micro URLs:") && output.matches("(?s).*ready in [\\d,]+ \\(ms\\).*")) {
                if (!output.contains(":" + url.getPort() + "/" + context)) {
                    throw new IllegalStateException("Payara Micro started without /" + context + "; see " + log);
                }
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + "; see " + log);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("Payara Micro was not ready after " + STARTUP + "; see " + log);
    }

    @Override
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Runtime.getRuntime().removeShutdownHook(stopAtExit);
    }

    @Override
    public boolean stopGracefully() throws InterruptedException {
        process.destroy();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Runtime.getRuntime().removeShutdownHook(stopAtExit);
        return exited;
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Runtime.getRuntime().removeShutdownHook(stopAtExit);
    }

    @Override
    public String toString() {
        return "Payara Micro at " + url;
    }
}
