package dev.resultstore.storage.gcs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static dev.resultstore.tck.support.Failures.everything;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.TaskState;
import dev.resultstore.spi.Storage;
import dev.resultstore.spi.StorageLabels;

/**
 * Parameters, the credential order and the layout, against {@link GcsStubServer}. Credentials are
 * service-account key files with freshly generated RSA keys whose token endpoint is the stub, which
 * records the account each request was made as.
 */
class GcsStorageConfigurationTest {

    /** The parameters the README documents, as configuration keys. */
    private static final List<String> DOCUMENTED_KEYS = List.of("bucket", "location", "project-id", "credentials-file",
            "credentials-json", "endpoint", "create-bucket", "timeout");

    private static final String JSON_ACCOUNT = "from-json@test-project.iam.gserviceaccount.com";
    private static final String FILE_ACCOUNT = "from-file@test-project.iam.gserviceaccount.com";
    private static final String ADC_ACCOUNT = "application-default@test-project.iam.gserviceaccount.com";

    private static GcsStubServer server;

    @TempDir
    Path directory;

    @BeforeAll
    static void startServer() throws IOException {
        server = GcsStubServer.start(1000);
        server.createBucket("results");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void resetServer() {
        server.reset();
    }

    @Test
    void theGcsLabelNamesThisClass() throws IOException {
        Properties labels = new Properties();
        try (InputStream in = GcsStorage.class.getClassLoader().getResourceAsStream(StorageLabels.RESOURCE)) {
            assertThat(in).as(StorageLabels.RESOURCE).isNotNull();
            labels.load(in);
        }

        assertThat(labels).containsEntry("gcs", GcsStorage.class.getName());
        assertThat(Storage.class).isAssignableFrom(GcsStorage.class);
    }

    @Test
    void everyDocumentedKeyHasAPublicSetterAndTheConstructorTakesTheBucket() throws NoSuchMethodException {
        List<String> setters = Arrays.stream(GcsStorage.class.getMethods())
                .filter(method -> method.getName().startsWith("set") && method.getParameterCount() == 1)
                .map(Method::getName).toList();

        for (String key : DOCUMENTED_KEYS) {
            assertThat(setters).as("setter for %s", key).contains(setterName(key));
        }
        assertThat(GcsStorage.class.getConstructor()).isNotNull();
        assertThat(Arrays.stream(GcsStorage.class.getConstructor(String.class).getParameters()).map(Parameter::getName))
                .containsExactly("bucket");
    }

    @Test
    void bucketIsRequiredAndMustBeAValidName() {
        assertThatIllegalArgumentException().isThrownBy(new GcsStorage()::start).withMessage("bucket is required");
        for (String name : List.of("Results", "re", "-results", "results-", "re..sults", "re/sults")) {
            assertThatIllegalArgumentException().as(name).isThrownBy(new GcsStorage(name)::start)
                    .withMessageStartingWith("bucket must be").withMessageContaining(name);
        }
    }

    @Test
    void aNonPositiveTimeoutIsRefused() {
        GcsStorage storage = atStub();
        storage.setTimeout(Duration.ZERO);

        assertThatIllegalArgumentException().isThrownBy(storage::start).withMessage("timeout must be positive");
    }

    @Test
    void theLocationIsAFolderWhateverItsSlashes() {
        assertThat(GcsStorage.normalizedLocation(null)).isEmpty();
        assertThat(GcsStorage.normalizedLocation(" ")).isEmpty();
        assertThat(GcsStorage.normalizedLocation("/")).isEmpty();
        assertThat(GcsStorage.normalizedLocation("results")).isEqualTo("results/");
        assertThat(GcsStorage.normalizedLocation("/results/prod/")).isEqualTo("results/prod/");
    }

    @Test
    void resultsAreStoredWhereCeleryKeepsThemAsJson() {
        Map<String, String> config = backendConfig();
        config.put("resultstore.storage.config.location", "/apps/billing/");
        try (ResultBackend results = ResultStores.create(config)) {
            results.storeSuccess("5c1f-42", Map.of("pages", 12));

            assertThat(server.hasObject("results", "apps/billing/celery-task-meta-5c1f-42")).isTrue();
            assertThat(server.uploadedContentTypes()).isNotEmpty().containsOnly("application/json");
            assertThat(results.result("5c1f-42").state()).isEqualTo(TaskState.SUCCESS);
        }
    }

    @Test
    void createBucketCreatesAMissingBucket() throws IOException {
        GcsStorage storage = atStub();
        storage.setBucket("created-at-start");
        storage.setCreateBucket(true);
        storage.start();

        storage.put("celery-task-meta-1", "{}".getBytes(UTF_8));

        assertThat(server.hasObject("created-at-start", "celery-task-meta-1")).isTrue();
        storage.setCreateBucket(true);
        storage.start(); // it exists now: no failure
    }

    @Test
    void deleteAllSendsOneBatchRequestPerHundredKeys() throws IOException {
        GcsStorage storage = atStub();
        storage.start();
        for (int i = 0; i < 150; i++) {
            storage.put("celery-task-meta-batch-" + i, new byte[1]);
        }
        server.reset();

        var result = storage.deleteAll(java.util.stream.IntStream.range(0, 150).mapToObj(i -> "celery-task-meta-batch-" + i).toList());

        assertThat(result.deleted()).isEqualTo(150);
        assertThat(server.batches()).isEqualTo(2);
        assertThat(server.requests()).isEqualTo(2);
    }

    // --- credentials, in order ---

    @Test
    void withAnEndpointAndNoCredentialRequestsAreAnonymous() throws IOException {
        GcsStorage storage = atStub();

        assertThat(storage.options().getCredentials()).isSameAs(NoCredentials.getInstance());
        storage.start();
        storage.put("celery-task-meta-1", new byte[1]);
        assertThat(server.callers()).isNotEmpty().containsOnly("anonymous");
    }

    @Test
    void aCredentialsFileIsUsed() throws IOException {
        GcsStorage storage = atStub();
        storage.setCredentialsFile(keyFile(FILE_ACCOUNT));
        storage.start();

        storage.put("celery-task-meta-1", new byte[1]);

        assertThat(server.callers()).isNotEmpty().containsOnly(FILE_ACCOUNT);
    }

    @Test
    void credentialsJsonWinsOverACredentialsFile() throws IOException {
        GcsStorage storage = atStub();
        storage.setCredentialsFile(keyFile(FILE_ACCOUNT));
        storage.setCredentialsJson(ServiceAccountKeys.json(JSON_ACCOUNT, server.tokenUri()));
        storage.start();

        storage.put("celery-task-meta-1", new byte[1]);
        storage.get("celery-task-meta-1");

        assertThat(server.callers()).isNotEmpty().containsOnly(JSON_ACCOUNT);
    }

    @Test
    void credentialsGivenThroughTheBackendConfigurationAreUsed() {
        Map<String, String> config = backendConfig();
        config.put("resultstore.storage.config.credentials-json", ServiceAccountKeys.json(JSON_ACCOUNT, server.tokenUri()));
        try (ResultBackend results = ResultStores.create(config)) {
            results.markStarted("with-json");
        }

        assertThat(server.callers()).isNotEmpty().containsOnly(JSON_ACCOUNT);
    }

    @Test
    void withoutADirectCredentialApplicationDefaultCredentialsAreUsed() throws IOException {
        GcsStorage storage = new GcsStorage("results");
        storage.applicationDefault = () -> credentials(ADC_ACCOUNT);

        // Without an endpoint the client would call Google: only the chosen credential is checked.
        assertThat(storage.options().getCredentials()).isInstanceOfSatisfying(ServiceAccountCredentials.class,
                account -> assertThat(account.getClientEmail()).isEqualTo(ADC_ACCOUNT));
    }

    @Test
    void aDirectCredentialWinsOverApplicationDefaultCredentials() throws IOException {
        GcsStorage storage = new GcsStorage("results");
        storage.applicationDefault = () -> credentials(ADC_ACCOUNT);
        storage.setCredentialsFile(keyFile(FILE_ACCOUNT));

        assertThat(storage.options().getCredentials()).isInstanceOfSatisfying(ServiceAccountCredentials.class,
                account -> assertThat(account.getClientEmail()).isEqualTo(FILE_ACCOUNT));
        assertThat(storage.options().getProjectId()).isEqualTo("test-project");
    }

    @Test
    void withoutAnyCredentialTheMessageListsTheWaysToGiveOne() {
        GcsStorage storage = new GcsStorage("results");
        storage.applicationDefault = () -> {
            throw new IOException("Your default credentials were not found.");
        };

        assertThatIllegalArgumentException().isThrownBy(storage::start)
                .withMessageStartingWith("no credentials: give credentials-json or credentials-file")
                .withMessageContaining("GOOGLE_APPLICATION_CREDENTIALS")
                .withMessageContaining("Your default credentials were not found.");
    }

    @Test
    void aMalformedCredentialsJsonIsRejectedWithoutQuotingIt() {
        String json = ServiceAccountKeys.json(JSON_ACCOUNT, server.tokenUri());
        String broken = json.replace("\"type\":\"service_account\",", "");
        GcsStorage storage = atStub();
        storage.setCredentialsJson(broken);

        Throwable failure = catchThrowable(storage::start);

        assertThat(failure).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("credentials-json is not a credential JSON Google accepts");
        assertThat(everything(failure)).doesNotContain(ServiceAccountKeys.secretPart(json));
    }

    @Test
    void anUnreadableCredentialsFileIsNamed() {
        GcsStorage storage = atStub();
        storage.setCredentialsFile(directory.resolve("missing.json"));

        assertThatIllegalArgumentException().isThrownBy(storage::start)
                .withMessage("credentials-file '" + directory.resolve("missing.json") + "' is not a readable file");
    }

    private Path keyFile(String account) throws IOException {
        return Files.writeString(directory.resolve(account + ".json"), ServiceAccountKeys.json(account, server.tokenUri()));
    }

    @SuppressWarnings("deprecation") // a key generated by the test: trusted input
    private static GoogleCredentials credentials(String account) throws IOException {
        return GoogleCredentials.fromStream(new java.io.ByteArrayInputStream(
                ServiceAccountKeys.json(account, server.tokenUri()).getBytes(UTF_8)));
    }

    private static GcsStorage atStub() {
        GcsStorage storage = new GcsStorage("results");
        storage.setEndpoint(server.endpoint());
        return storage;
    }

    private static Map<String, String> backendConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("resultstore.storage", "gcs");
        config.put("resultstore.storage.config.bucket", "results");
        config.put("resultstore.storage.config.endpoint", server.endpoint());
        config.put("resultstore.cleanup.interval", "0");
        return config;
    }

    private static String setterName(String key) {
        StringBuilder name = new StringBuilder("set");
        for (String part : key.split("-")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString();
    }
}
