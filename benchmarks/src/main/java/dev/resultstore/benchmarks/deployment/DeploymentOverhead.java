package dev.resultstore.benchmarks.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/**
 * What ResultStore adds to a WAR's deployment on WildFly. Starts one WildFly (the unpacked
 * distribution, {@code standalone.xml}, a fresh server base directory, free ports of 127.0.0.1),
 * adds two WARs of the same small application, {@code with-resultstore.war} and
 * {@code without-resultstore.war} (see the {@code app} package), then deploys and undeploys them
 * alternately through the HTTP management API, timing each {@code :deploy} operation's wall time,
 * the first request after it, and the {@code :undeploy}. The order alternates from pair to pair
 * (with, without; then without, with) so that drift in the machine's load hits both alike. The
 * server is stopped at the end, also when something fails.
 *
 * <p>Usage: {@code DeploymentOverhead <wildfly-home> <work-dir> <result.json>}; system properties
 * {@code deployment.warmup} (pairs not counted, default 3), {@code deployment.pairs} (default 15)
 * and {@code deployment.jvm.args} (more options for WildFly's JVM, e.g. a JFR recording).
 */
public final class DeploymentOverhead {

    static final String WITH = "with-resultstore.war";
    static final String WITHOUT = "without-resultstore.war";
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final String USER = "benchmark";

    private DeploymentOverhead() {
    }

    /** The times of one WAR, in milliseconds, one entry per counted pair. */
    private record Times(List<Double> deploy, List<Double> deployCpu, List<Double> firstRequest, List<Double> undeploy) {
        Times() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        JsonObject json() {
            return Json.createObjectBuilder().add("deployMillis", array(deploy)).add("deployCpuMillis", array(deployCpu))
                    .add("firstRequestMillis", array(firstRequest)).add("undeployMillis", array(undeploy)).build();
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DeploymentOverhead <wildfly-home> <work-dir> <result.json>");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        Path work = Path.of(args[1]);
        Path result = Path.of(args[2]);
        int warmup = Integer.getInteger("deployment.warmup", 3);
        int pairs = Integer.getInteger("deployment.pairs", 15);
        if (!Files.isRegularFile(home.resolve("bin/standalone.sh"))) {
            throw new IllegalArgumentException(home + " is not an unpacked WildFly: run through the benchmarks profile,"
                    + " which unpacks org.wildfly:wildfly-dist there");
        }
        delete(work);
        Files.createDirectories(work.resolve("tmp"));
        Path with = war(work.resolve(WITH), "with", List.of(jarOf("dev/resultstore/ResultBackend.class", work),
                jarOf("dev/resultstore/impl/cdi/ResultStoreExtension.class", work)));
        Path without = war(work.resolve(WITHOUT), "without", List.of());

        Map<String, Times> times = Map.of(WITH, new Times(), WITHOUT, new Times());
        String server;
        try (Server wildfly = Server.start(home, work)) {
            Management management = wildfly.management;
            server = management.run(attribute("product-name")).getString("result") + " "
                    + management.run(attribute("product-version")).getString("result") + ", standalone.xml";
            for (Path war : List.of(with, without)) {
                management.run(Json.createObjectBuilder(Management.operation("add", war.getFileName().toString()))
                        .add("content", Json.createArrayBuilder().add(Json.createObjectBuilder().add("url", war.toUri().toString())))
                        .add("enabled", false).build());
            }
            System.out.printf("Deploying %s and %s on %s: %d warm-up pairs, then %d pairs%n", WITH, WITHOUT, server, warmup, pairs);
            for (int round = 0; round < warmup + pairs; round++) {
                List<String> order = round % 2 == 0 ? List.of(WITH, WITHOUT) : List.of(WITHOUT, WITH);
                StringBuilder line = new StringBuilder(round < warmup ? "warm-up " + (round + 1) : "pair " + (round - warmup + 1));
                for (String war : order) {
                    double[] measured = cycle(wildfly, war);
                    if (round >= warmup) {
                        Times of = times.get(war);
                        of.deploy.add(measured[0]);
                        of.firstRequest.add(measured[1]);
                        of.undeploy.add(measured[2]);
                        of.deployCpu.add(measured[3]);
                    }
                    line.append(String.format(java.util.Locale.ROOT, "  %s: deploy %.0f ms (CPU %.0f ms), first request %.0f ms, undeploy %.0f ms",
                            war, measured[0], measured[3], measured[1], measured[2]));
                }
                System.out.println(line);
            }
        }
        JsonObject json = Json.createObjectBuilder()
                .add("measured", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                .add("server", server)
                .add("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
                .add("warmupPairs", warmup)
                .add("pairs", pairs)
                .add("goalMillis", 200)
                .add("with", times.get(WITH).json())
                .add("without", times.get(WITHOUT).json())
                .build();
        Files.writeString(result, json.toString());
        DeploymentReport.print(result, null);
    }

    /**
     * Deploys, requests and undeploys one WAR: the three wall times, then the CPU time the server
     * process used while deploying, in milliseconds. The CPU time does not grow when other work
     * on the machine delays the server, as the wall time does.
     */
    private static double[] cycle(Server wildfly, String war) throws IOException, InterruptedException {
        long cpuBefore = wildfly.cpuNanos();
        long start = System.nanoTime();
        wildfly.management.run(Management.operation("deploy", war));
        long deployed = System.nanoTime();
        long cpuAfter = wildfly.cpuNanos();
        long requested = System.nanoTime();
        String answer = wildfly.get(war.replaceFirst("\\.war$", "") + "/task");
        long answered = System.nanoTime();
        String expected = war.equals(WITH) ? "SUCCESS" : "done";
        if (!answer.equals(expected)) {
            throw new IllegalStateException(war + " answered '" + answer + "' instead of '" + expected + "'");
        }
        wildfly.management.run(Management.operation("undeploy", war));
        long undeployed = System.nanoTime();
        return new double[] {(deployed - start) / 1e6, (answered - requested) / 1e6, (undeployed - answered) / 1e6,
                (cpuAfter - cpuBefore) / 1e6};
    }

    private static JsonObject attribute(String name) {
        return Json.createObjectBuilder(Management.operation("read-attribute", null)).add("name", name).build();
    }

    private static JsonArrayBuilder array(List<Double> values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        values.forEach(value -> array.add(Math.round(value * 10) / 10.0));
        return array;
    }

    /**
     * A WAR of the application package {@code app.<variant>}: its class files under
     * {@code WEB-INF/classes}, the given jars under {@code WEB-INF/lib}.
     */
    private static Path war(Path file, String variant, List<Path> libs) throws IOException, URISyntaxException {
        String prefix = DeploymentOverhead.class.getPackageName().replace('.', '/') + "/app/" + variant + "/";
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            forEachFile(prefix, (name, bytes) -> put(zip, "WEB-INF/classes/" + name, bytes));
            for (Path lib : libs) {
                put(zip, "WEB-INF/lib/" + lib.getFileName(), Files.readAllBytes(lib));
            }
        }
        return file;
    }

    @FunctionalInterface
    private interface FileConsumer {
        void accept(String name, byte[] bytes) throws IOException;
    }

    /** Each class file under a resource folder of this class's class path entry (a directory or a jar). */
    private static void forEachFile(String folder, FileConsumer consumer) throws IOException, URISyntaxException {
        URL url = DeploymentOverhead.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalStateException(folder + " is not on the class path: build the benchmarks module first");
        }
        if (url.getProtocol().equals("jar")) {
            try (FileSystem jar = FileSystems.newFileSystem(url.toURI(), Map.of())) {
                copyTree(jar.getPath(folder), jar.getPath("/"), consumer);
            }
        } else {
            Path directory = Path.of(url.toURI());
            Path root = directory;
            for (String ignored : folder.split("/")) {
                root = root.getParent();
            }
            copyTree(directory, root, consumer);
        }
    }

    private static void copyTree(Path directory, Path root, FileConsumer consumer) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                consumer.accept(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
    }

    /** The jar holding a class on the class path; a directory of classes (a reactor build) is packed into one first. */
    private static Path jarOf(String resource, Path work) throws IOException, URISyntaxException {
        URL url = DeploymentOverhead.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException(resource + " is not on the class path");
        }
        if (url.getProtocol().equals("jar")) {
            String path = url.getPath();
            return Path.of(new URI(path.substring(0, path.indexOf("!/"))));
        }
        Path root = Path.of(url.toURI());
        for (String ignored : resource.split("/")) {
            root = root.getParent();
        }
        Path jar = work.resolve("resultstore-" + root.getParent().getParent().getFileName() + ".jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            copyTree(root, root, (name, bytes) -> put(zip, name, bytes));
        }
        return jar;
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** One WildFly process on its own server base directory; stopped on {@link #close()} or when this JVM exits. */
    private static final class Server implements AutoCloseable {
        private final Process process;
        private final Thread stopAtExit;
        private final Management management;
        private final int httpPort;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        private Server(Process process, Management management, int httpPort) {
            this.process = process;
            this.management = management;
            this.httpPort = httpPort;
            this.stopAtExit = new Thread(this::kill, "stop-wildfly");
            Runtime.getRuntime().addShutdownHook(stopAtExit);
        }

        static Server start(Path home, Path work) throws IOException, InterruptedException {
            Path base = work.resolve("standalone");
            copy(home.resolve("standalone"), base);
            // A management user with a password made up for this run, stored only as the realm's digest.
            char[] password = password();
            Files.writeString(base.resolve("configuration/mgmt-users.properties"),
                    USER + "=" + digest(USER + ":ManagementRealm:" + new String(password)) + "\n");
            int http = freePort();
            int managementPort = freePort();
            List<String> command = List.of(home.resolve("bin/standalone.sh").toString(),
                    "-Djboss.server.base.dir=" + base, "-Djboss.http.port=" + http, "-Djboss.https.port=" + freePort(),
                    "-Djboss.management.http.port=" + managementPort, "-Djboss.management.https.port=" + freePort(),
                    "-b=127.0.0.1", "-bmanagement=127.0.0.1");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(base.resolve("console.log").toFile());
            // The script forwards SIGTERM to the server, which then shuts down gracefully.
            builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("JAVA_OPTS", "-Xms256m -Xmx768m -XX:MaxMetaspaceSize=512m -Djava.net.preferIPv4Stack=true"
                    + " -Djava.io.tmpdir=" + work.resolve("tmp") + " " + System.getProperty("deployment.jvm.args", ""));
            Server server = new Server(builder.start(), new Management(managementPort, USER, password), http);
            try {
                server.awaitRunning(base);
            } catch (IOException | InterruptedException | RuntimeException | Error e) {
                server.close();
                throw e;
            }
            return server;
        }

        private void awaitRunning(Path base) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("WildFly exited with " + process.exitValue() + "; see " + base.resolve("console.log"));
                }
                try {
                    if (management.run(attribute("server-state")).getString("result").equals("running")) {
                        return;
                    }
                } catch (ConnectException | Management.NotReady notYet) {
                    // not listening yet
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
            throw new IllegalStateException("WildFly was not running after " + STARTUP + "; see " + base.resolve("console.log"));
        }

        /** The CPU time the server's JVM has used so far (its OperatingSystemMXBean), in nanoseconds. */
        long cpuNanos() throws IOException {
            JsonObject read = Json.createObjectBuilder(Management.operation("read-attribute", null))
                    .add("address", Json.createArrayBuilder().add(Json.createObjectBuilder().add("core-service", "platform-mbean"))
                            .add(Json.createObjectBuilder().add("type", "operating-system")))
                    .add("name", "process-cpu-time").build();
            return management.run(read).getJsonNumber("result").longValueExact();
        }

        String get(String path) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/" + path))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /" + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().trim();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    kill();
                }
            }
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        }

        // The script and the server JVM it started.
        private void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        private static char[] password() {
            SecureRandom random = new SecureRandom();
            String letters = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
            char[] password = new char[24];
            for (int i = 0; i < password.length; i++) {
                password[i] = letters.charAt(random.nextInt(letters.length()));
            }
            return password;
        }

        private static String digest(String text) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
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
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }
}
