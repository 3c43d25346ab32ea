package dev.resultstore.storage.s3;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

import dev.resultstore.tck.support.ChildProcessServer;

/**
 * A real S3 server for tests: s3proxy on 127.0.0.1 and a free port, in a child process (its jar
 * bundles its own AWS SDK, Jetty and Logback, which must not meet the tests' class path; see
 * {@link ChildProcessServer}).
 *
 * <p>It checks AWS signatures (V2 and V4) against {@link #ACCESS_KEY} and {@link #SECRET_KEY}:
 * a wrong credential gets the 403 that S3 answers.
 *
 * <p>System properties: {@code s3proxy.jar}, the {@code org.gaul:s3proxy:jar-with-dependencies}
 * file (a module copies it with maven-dependency-plugin, as this module's pom does; without the
 * property the helper looks in the local Maven repository for {@code s3proxy.version}, default
 * 4.1.0); {@code s3proxy.work}, where logs and file-system data go (default
 * {@code target/s3proxy}).
 */
public final class S3Proxy extends ChildProcessServer {

    /** The access key id s3proxy accepts: a test value, not a secret. */
    public static final String ACCESS_KEY = "resultstore-test-access";
    /** The secret key s3proxy accepts: a test value, not a secret. */
    public static final String SECRET_KEY = "resultstore-test-secret-0123456789";
    /** The region clients sign with. */
    public static final String REGION = "us-east-1";

    private static final String DEFAULT_VERSION = "4.1.0";

    private final Path dataDir; // null: in memory

    private S3Proxy(Path dataDir, int port) throws IOException {
        super("s3proxy", workRoot("s3proxy.work", "s3proxy").resolve("s3proxy-" + port + "-" + System.nanoTime()), port);
        this.dataDir = dataDir;
    }

    /** Starts an s3proxy that keeps objects in memory (jclouds {@code transient}): gone when it stops. */
    public static S3Proxy startInMemory() throws IOException, InterruptedException {
        return startNew(null);
    }

    /**
     * Starts an s3proxy that keeps objects in files under {@code dataDir} (jclouds
     * {@code filesystem}), so that they survive {@link #stop()} and {@link #start()}.
     */
    public static S3Proxy startOnDisk(Path dataDir) throws IOException, InterruptedException {
        return startNew(dataDir.toAbsolutePath());
    }

    private static S3Proxy startNew(Path dataDir) throws IOException, InterruptedException {
        return startOnFreePort(port -> new S3Proxy(dataDir, port));
    }

    /** The service URL, e.g. {@code http://127.0.0.1:41234}; use it with path-style addressing. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The configuration a ResultStore {@code s3} storage needs for {@code bucket} on this server, as properties. */
    public Map<String, String> storageConfig(String bucket) {
        return Map.of(
                "resultstore.storage", "s3",
                "resultstore.storage.config.bucket", bucket,
                "resultstore.storage.config.endpoint", endpoint().toString(),
                "resultstore.storage.config.path-style", "true",
                "resultstore.storage.config.region", REGION,
                "resultstore.storage.config.access-key", ACCESS_KEY,
                "resultstore.storage.config.secret-key", SECRET_KEY);
    }

    /** A plain SDK client with the right credential, for setting up and inspecting what a test needs; the caller closes it. */
    public S3Client client() {
        return S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder())
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    /** Creates {@code bucket} unless it exists. */
    public void createBucket(String bucket) {
        try (S3Client client = client()) {
            client.createBucket(request -> request.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException exists) {
            // what the caller wanted
        }
    }

    @Override
    protected ProcessBuilder command() throws IOException {
        Path properties = workDir().resolve("s3proxy.conf");
        StringBuilder conf = new StringBuilder()
                .append("s3proxy.endpoint=http://127.0.0.1:").append(port()).append('\n')
                .append("s3proxy.authorization=aws-v2-or-v4\n")
                .append("s3proxy.identity=").append(ACCESS_KEY).append('\n')
                .append("s3proxy.credential=").append(SECRET_KEY).append('\n')
                .append("jclouds.identity=unused\n")
                .append("jclouds.credential=unused\n");
        if (dataDir == null) {
            conf.append("jclouds.provider=transient\n");
        } else {
            Files.createDirectories(dataDir);
            conf.append("jclouds.provider=filesystem\n")
                    .append("jclouds.filesystem.basedir=").append(dataDir.toString().replace("\\", "/")).append('\n');
        }
        Files.writeString(properties, conf.toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar().toString(), "--properties", properties.toString()));
        builder.environment().put("LOG_LEVEL", "warn");
        return builder;
    }

    /** Whether an HTTP request gets an answer (any status): Jetty accepts connections only once s3proxy is ready. */
    @Override
    protected boolean ready(String logSinceLaunch) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()), 1_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return socket.getInputStream().read() != -1;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static Path jar() throws IOException {
        String configured = System.getProperty("s3proxy.jar");
        Path jar;
        if (configured != null && !configured.isBlank()) {
            jar = Path.of(configured);
        } else {
            String version = System.getProperty("s3proxy.version", DEFAULT_VERSION);
            Path repository = Path.of(System.getProperty("maven.repo.local",
                    Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
            jar = repository.resolve(Path.of("org", "gaul", "s3proxy", version, "s3proxy-" + version + "-jar-with-dependencies.jar"));
        }
        if (!Files.isRegularFile(jar)) {
            throw new IOException("s3proxy jar not found at " + jar + ": set the system property s3proxy.jar to the "
                    + "org.gaul:s3proxy:jar-with-dependencies file (copy it with maven-dependency-plugin)");
        }
        return jar;
    }
}
