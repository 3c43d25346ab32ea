package dev.resultstore.storage.azure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.azure.core.http.ProxyOptions;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.sas.AccountSasPermission;
import com.azure.storage.common.sas.AccountSasResourceType;
import com.azure.storage.common.sas.AccountSasService;
import com.azure.storage.common.sas.AccountSasSignatureValues;

import dev.resultstore.tck.support.ChildProcessServer;

/**
 * A real Azurite blob service on 127.0.0.1 and a free port, for tests. The first use installs
 * Azurite with npm into {@code azurite.home} (shared by every build on the machine, guarded by a
 * file lock); each instance runs {@code node} in its own process (see {@link ChildProcessServer}).
 *
 * <p>System properties (set by the module's Surefire configuration): {@code azurite.version},
 * {@code azurite.home} (install directory), {@code azurite.work} (logs and persisted data).
 */
public final class Azurite extends ChildProcessServer {

    public static final String ACCOUNT_NAME = "devstoreaccount1";
    /** The well-known key of Azurite's development account: public, not a secret. */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final String VERSION = System.getProperty("azurite.version", "3.37.0");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final String READY_LINE = "successfully listens on";
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase().startsWith("windows");

    private static Path installedMain;
    private static Duration installTime;

    private final boolean inMemory;
    private final List<String> options;
    private final String scheme;

    private Azurite(boolean inMemory, List<String> options, String scheme, int port) throws IOException {
        super("Azurite", workRoot("azurite.work", "azurite").resolve("azurite-" + port + "-" + System.nanoTime()), port);
        this.inMemory = inMemory;
        this.options = options;
        this.scheme = scheme;
    }

    /** Starts an Azurite that keeps its data in memory. */
    public static Azurite startInMemory() throws IOException, InterruptedException {
        return startNew(true, List.of(), "http");
    }

    /**
     * Starts an in-memory Azurite that serves HTTPS with the given PEM certificate and key and
     * accepts Microsoft Entra ID bearer tokens ({@code --oauth basic}: it checks a token's issuer,
     * audience and lifetime, not its signature). Account keys work too.
     */
    public static Azurite startWithOAuth(Path certificatePem, Path keyPem) throws IOException, InterruptedException {
        return startNew(true, List.of("--cert", certificatePem.toString(), "--key", keyPem.toString(), "--oauth", "basic"),
                "https");
    }

    /** Starts an Azurite that keeps its data on disk under the work directory, so that it survives {@link #stop()} and {@link #start()}. */
    public static Azurite startPersistent() throws IOException, InterruptedException {
        return startNew(false, List.of(), "http");
    }

    private static Azurite startNew(boolean inMemory, List<String> options, String scheme) throws IOException, InterruptedException {
        install();
        return startOnFreePort(port -> new Azurite(inMemory, options, scheme, port));
    }

    /** How long the npm install took in this JVM, or zero when Azurite was already installed. */
    public static synchronized Duration installTime() {
        return installTime == null ? Duration.ZERO : installTime;
    }

    /** The blob endpoint of the development account, e.g. {@code http://127.0.0.1:41234/devstoreaccount1}. */
    public String blobEndpoint() {
        return scheme + "://127.0.0.1:" + port() + "/" + ACCOUNT_NAME;
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=" + scheme + ";AccountName=" + ACCOUNT_NAME + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=" + blobEndpoint() + ";";
    }

    /**
     * The endpoint as Azure itself spells it, with the account in the host name
     * ({@code http://devstoreaccount1.blob.localhost:<port>}). That name does not resolve: reach it
     * through {@link #asProxy()}. Azurite reads the account from the Host header then, as Azure does;
     * some requests (Blob Batch) only work against Azurite that way.
     */
    public String productStyleEndpoint() {
        return "http://" + ACCOUNT_NAME + ".blob.localhost:" + port();
    }

    /** Sends every request to this Azurite as an HTTP proxy, so that {@link #productStyleEndpoint()} is reachable. */
    public ProxyOptions asProxy() {
        return new ProxyOptions(ProxyOptions.Type.HTTP, new InetSocketAddress("127.0.0.1", port()));
    }

    /** A client with the account key, for setting up and inspecting what a test needs. */
    public BlobServiceClient adminClient() {
        return new BlobServiceClientBuilder().connectionString(connectionString()).buildClient();
    }

    /** An account SAS for the blob service, e.g. {@code permissions} "rwdlac". */
    public String accountSas(String permissions, OffsetDateTime expiry) {
        return adminClient().generateAccountSas(new AccountSasSignatureValues(expiry, AccountSasPermission.parse(permissions),
                new AccountSasService().setBlobAccess(true),
                new AccountSasResourceType().setService(true).setContainer(true).setObject(true)));
    }

    @Override
    protected ProcessBuilder command() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(node(), install().toString(),
                "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port()),
                "--disableTelemetry", "--skipApiVersionCheck", "--silent"));
        // In memory, Azurite refuses --location; it then writes nothing, and the working directory is under target/ anyway.
        command.addAll(inMemory ? List.of("--inMemoryPersistence") : List.of("--location", workDir().resolve("data").toString()));
        command.addAll(options);
        return new ProcessBuilder(command);
    }

    @Override
    protected boolean ready(String logSinceLaunch) {
        return logSinceLaunch.contains(READY_LINE);
    }

    /** Installs Azurite once per machine; concurrent builds wait for the one that installs. */
    private static synchronized Path install() throws IOException, InterruptedException {
        if (installedMain != null) {
            return installedMain;
        }
        Path home = Path.of(System.getProperty("azurite.home",
                Path.of(System.getProperty("user.home"), ".cache", "resultstore", "azurite-" + VERSION).toString()));
        Path main = home.resolve(Path.of("node_modules", "azurite", "dist", "src", "blob", "main.js"));
        Path done = home.resolve(".installed");
        Files.createDirectories(home);
        try (FileChannel lockFile = FileChannel.open(home.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            if (!Files.exists(done) || !Files.exists(main)) {
                long started = System.nanoTime();
                Path npmLog = home.resolve("npm-install.log");
                Process npm = new ProcessBuilder(npm(), "install", "--prefix", home.toString(),
                        "--no-audit", "--no-fund", "--loglevel=error", "azurite@" + VERSION)
                        .directory(home.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(npmLog.toFile())
                        .start();
                if (!npm.waitFor(INSTALL_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                    destroy(npm);
                    throw new IOException("npm install azurite@" + VERSION + " took longer than " + INSTALL_TIMEOUT + "; see " + npmLog);
                }
                if (npm.exitValue() != 0 || !Files.exists(main)) {
                    throw new IOException("npm install azurite@" + VERSION + " into " + home + " failed (exit " + npm.exitValue()
                            + "):\n" + Files.readString(npmLog));
                }
                Files.writeString(done, VERSION);
                installTime = Duration.ofNanos(System.nanoTime() - started);
                System.out.println("Installed Azurite " + VERSION + " into " + home + " in " + installTime.toMillis() + " ms");
            }
        }
        installedMain = main;
        return main;
    }

    private static String node() {
        return WINDOWS ? "node.exe" : "node";
    }

    private static String npm() {
        return WINDOWS ? "npm.cmd" : "npm";
    }
}
