package dev.resultstore.storage.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.sun.net.httpserver.HttpServer;

/**
 * The real azure-identity library, and its absence, in child JVMs whose environment the test
 * controls: a managed identity endpoint (App Service style: {@code IDENTITY_ENDPOINT},
 * {@code IDENTITY_HEADER}) on 127.0.0.1 that hands out tokens for an HTTPS Azurite with
 * {@code --oauth basic}, and {@code AZURE_STORAGE_CONNECTION_STRING} naming a plain Azurite.
 */
@ExtendWith(AzuriteExtension.class)
class AzureBlobEntraIdProcessTest {

    private static final String IDENTITY_HEADER = "test-identity-header";

    private final Azurite plain;
    private final SecureAzurite secure;

    AzureBlobEntraIdProcessTest(Azurite plain, SecureAzurite secure) {
        this.plain = plain;
        this.secure = secure;
    }

    @Test
    void managedIdentityAndTheDefaultChainGetTokensAndTheEnvironmentWinsWhenNoAccountIsNamed() throws Exception {
        AtomicInteger tokenRequests = new AtomicInteger();
        HttpServer identity = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        identity.createContext("/msi/token", exchange -> {
            tokenRequests.incrementAndGet();
            boolean authorized = IDENTITY_HEADER.equals(exchange.getRequestHeaders().getFirst("X-IDENTITY-HEADER"));
            byte[] body = (authorized
                    ? "{\"access_token\":\"" + secure.tls().storageToken("https://storage.azure.com", Duration.ofHours(1))
                            + "\",\"expires_on\":\"" + Instant.now().plusSeconds(3600).getEpochSecond()
                            + "\",\"resource\":\"https://storage.azure.com\",\"token_type\":\"Bearer\"}"
                    : "{\"error\":\"unauthorized\"}").getBytes(UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(authorized ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        identity.start();
        try {
            String endpoint = "IDENTITY_ENDPOINT=http://127.0.0.1:" + identity.getAddress().getPort() + "/msi/token";
            List<String> output = runChild(true, List.of(endpoint, "IDENTITY_HEADER=" + IDENTITY_HEADER,
                    "AZURE_STORAGE_CONNECTION_STRING=" + plain.connectionString()),
                    "from-environment", "container=child-env", "create-container=true", "--",
                    "default-chain", "container=child-chain", "create-container=true", "endpoint=" + secure.endpoint(), "--",
                    "managed-identity", "container=child-mi", "create-container=true", "endpoint=" + secure.endpoint(),
                    "credential=managed-identity");

            assertThat(output).contains("from-environment OK", "default-chain OK", "managed-identity OK");
            assertThat(tokenRequests).as("requests to the managed identity endpoint").hasPositiveValue();
            assertThat(exists(plain.adminClient().getBlobContainerClient("child-env"), "from-environment")).isTrue();
            var admin = secure.tls().adminClient(secure.azurite());
            assertThat(exists(admin.getBlobContainerClient("child-chain"), "default-chain")).isTrue();
            assertThat(exists(admin.getBlobContainerClient("child-mi"), "managed-identity")).isTrue();
        } finally {
            identity.stop(0);
        }
    }

    @Test
    void withoutAzureIdentityTheConnectorLoadsWorksWithKeysAndSaysWhatToAddForEntraId() throws Exception {
        List<String> output = runChild(false, List.of(),
                "with-key", "container=child-no-identity", "create-container=true", "endpoint=" + plain.blobEndpoint(),
                "account-name=" + Azurite.ACCOUNT_NAME, "account-key=" + Azurite.ACCOUNT_KEY, "--",
                "credential-default", "container=child-no-identity", "endpoint=https://myaccount.blob.core.windows.net",
                "credential=default", "--",
                "endpoint-alone", "container=child-no-identity", "endpoint=https://myaccount.blob.core.windows.net");

        assertThat(output).contains("with-key OK");
        assertThat(line(output, "credential-default"))
                .contains("credential=default needs com.azure:azure-identity on the class path");
        assertThat(line(output, "endpoint-alone"))
                .contains("endpoint needs a credential")
                .contains("com.azure:azure-identity is not on the class path");
        assertThat(String.join("\n", output)).doesNotContain(Azurite.ACCOUNT_KEY);
    }

    private static boolean exists(com.azure.storage.blob.BlobContainerClient container, String taskId) {
        return container.exists() && container.getBlobClient("celery-task-meta-" + taskId).exists();
    }

    private static String line(List<String> output, String scenario) {
        return output.stream().filter(line -> line.startsWith(scenario + " ")).findFirst().orElse("(no line for " + scenario + ")");
    }

    /** Runs {@link EntraIdChildMain} with only the given Azure variables in its environment; its output lines. */
    private List<String> runChild(boolean withIdentity, List<String> variables, String... args)
            throws IOException, InterruptedException {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> withIdentity || !(entry.contains("azure-identity") || entry.contains("msal4j")))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath,
                "-Djavax.net.ssl.trustStore=" + secure.tls().trustStore(),
                "-Djavax.net.ssl.trustStorePassword=" + secure.tls().trustStorePassword(),
                "-Djavax.net.ssl.trustStoreType=PKCS12",
                EntraIdChildMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AZURE_") || name.startsWith("IDENTITY_")
                || name.startsWith("MSI_") || name.startsWith("IMDS_") || name.startsWith("RESULTSTORE_"));
        for (String variable : variables) {
            int equals = variable.indexOf('=');
            environment.put(variable.substring(0, equals), variable.substring(equals + 1));
        }
        Process child = builder.start();
        try {
            String output = new String(child.getInputStream().readAllBytes(), UTF_8);
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child JVM ended").isTrue();
            System.out.println("Child JVM output:\n" + output);
            return output.lines().toList();
        } finally {
            child.destroyForcibly();
        }
    }
}
