package dev.resultstore.storage.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static dev.resultstore.tck.support.Failures.everything;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;

import dev.resultstore.spi.Storage;
import dev.resultstore.spi.StorageLabels;

/** Parameters, credential order and their checks in {@link AzureBlobStorage#start()}. */
@ExtendWith(AzuriteExtension.class)
class AzureBlobStorageConfigurationTest {

    /** The parameters the README documents, as configuration keys. */
    private static final List<String> DOCUMENTED_KEYS = List.of("connection-string", "endpoint", "sas-token",
            "account-name", "account-key", "credential", "tenant-id", "client-id", "client-secret", "container", "location", "create-container", "batch-delete", "timeout");

    private final Azurite azurite;

    AzureBlobStorageConfigurationTest(Azurite azurite) {
        this.azurite = azurite;
    }

    @Test
    void theAzureBlobLabelNamesThisClass() throws IOException {
        Properties labels = new Properties();
        try (InputStream in = AzureBlobStorage.class.getClassLoader().getResourceAsStream(StorageLabels.RESOURCE)) {
            assertThat(in).as(StorageLabels.RESOURCE).isNotNull();
            labels.load(in);
        }

        assertThat(labels).containsEntry("azure-blob", AzureBlobStorage.class.getName());
        assertThat(Storage.class).isAssignableFrom(AzureBlobStorage.class);
    }

    @Test
    void everyDocumentedKeyHasAPublicSetterAndANoArgumentConstructorExists() throws NoSuchMethodException {
        assertThat(Modifier.isPublic(AzureBlobStorage.class.getConstructor().getModifiers())).isTrue();
        List<String> setters = Arrays.stream(AzureBlobStorage.class.getMethods())
                .filter(method -> method.getName().startsWith("set") && method.getParameterCount() == 1)
                .map(Method::getName).toList();

        for (String key : DOCUMENTED_KEYS) {
            assertThat(setters).as("setter for %s", key).contains(setterName(key));
        }
    }

    @Test
    void theConvenienceConstructorsParameterNamesAreConfigurationKeys() throws NoSuchMethodException {
        Constructor<AzureBlobStorage> constructor = AzureBlobStorage.class.getConstructor(String.class, String.class);

        assertThat(Arrays.stream(constructor.getParameters()).map(Parameter::getName))
                .containsExactly("connectionString", "container");
    }

    @Test
    void containerIsRequired() {
        AzureBlobStorage storage = new AzureBlobStorage();
        storage.setConnectionString(azurite.connectionString());

        assertThatIllegalArgumentException().isThrownBy(storage::start).withMessage("container is required");
    }

    @Test
    void aContainerNameAzureWouldRefuseIsReportedAtStart() {
        for (String name : List.of("Results", "re", "results_1", "-results", "re--sults")) {
            AzureBlobStorage storage = new AzureBlobStorage(azurite.connectionString(), name);

            assertThatIllegalArgumentException().as(name).isThrownBy(storage::start)
                    .withMessageStartingWith("container must be").withMessageContaining(name);
        }
    }

    @Test
    void withoutAnyCredentialTheMessageListsTheWaysToGiveOne() {
        AzureBlobStorage storage = new AzureBlobStorage();
        storage.setContainer("results");
        storage.environment = name -> null;

        assertThatIllegalArgumentException().isThrownBy(storage::start)
                .withMessageContaining("give connection-string, or endpoint (or account-name) with credential (Microsoft Entra ID), "
                        + "sas-token or account-key")
                .withMessageContaining(AzureBlobStorage.CONNECTION_STRING_VARIABLE);
    }

    @Test
    void halfACredentialNamesTheMissingHalf() {
        AzureBlobStorage withoutName = new AzureBlobStorage();
        withoutName.setContainer("results");
        withoutName.setAccountKey(Azurite.ACCOUNT_KEY);
        AzureBlobStorage sasWithoutEndpoint = new AzureBlobStorage();
        sasWithoutEndpoint.setContainer("results");
        sasWithoutEndpoint.setSasToken("sv=2025-01-05&sig=abc");
        AzureBlobStorage tokenWithoutEndpoint = new AzureBlobStorage();
        tokenWithoutEndpoint.setContainer("results");
        tokenWithoutEndpoint.setCredential("managed-identity");

        assertThatIllegalArgumentException().isThrownBy(withoutName::start).withMessageStartingWith("account-key needs account-name");
        assertThatIllegalArgumentException().isThrownBy(sasWithoutEndpoint::start)
                .withMessageStartingWith("sas-token needs endpoint or account-name").withMessageNotContaining("sig=abc");
        assertThatIllegalArgumentException().isThrownBy(tokenWithoutEndpoint::start)
                .withMessageStartingWith("credential=managed-identity needs endpoint or account-name");
    }

    @Test
    void anUnknownCredentialKindIsRefusedWithoutQuotingIt() {
        AzureBlobStorage storage = entraIdStorage("s3cr3t-looking-value");

        assertThatIllegalArgumentException().isThrownBy(storage::start)
                .withMessage("credential must be one of default, managed-identity, client-secret (Microsoft Entra ID credentials)");
    }

    @Test
    void aClientSecretCredentialNamesItsMissingParametersWithoutQuotingTheSecret() {
        AzureBlobStorage storage = entraIdStorage("client-secret");
        storage.setClientId("00000000-0000-0000-0000-000000000001");
        storage.setClientSecret("very-secret-value");

        Throwable failure = catchThrowable(storage::start);

        assertThat(failure).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("credential=client-secret needs tenant-id, client-id and client-secret; missing: tenant-id");
    }

    @Test
    void servicePrincipalParametersWithoutACredentialKindAreRefused() {
        AzureBlobStorage storage = new AzureBlobStorage();
        storage.setEndpoint("https://myaccount.blob.core.windows.net");
        storage.setContainer("results");
        storage.setTenantId(SelfSignedTls.TENANT);
        storage.setClientSecret("very-secret-value");

        assertThatIllegalArgumentException().isThrownBy(storage::start)
                .withMessageStartingWith("tenant-id, client-id and client-secret are used only with credential=")
                .withMessageNotContaining("very-secret-value");
        storage.setCredential("managed-identity");
        assertThatIllegalArgumentException().isThrownBy(storage::start)
                .withMessage("tenant-id and client-secret are used only with credential=client-secret, not with credential=managed-identity");
    }

    @Test
    void aCredentialWithAKeyOrSasIsAmbiguous() {
        AzureBlobStorage storage = entraIdStorage("default");
        storage.setAccountName("myaccount");
        storage.setAccountKey(Azurite.ACCOUNT_KEY);

        assertThatIllegalArgumentException().isThrownBy(storage::start)
                .withMessage("credential=default is a Microsoft Entra ID credential: leave out sas-token and account-key");
    }

    @Test
    void eachCredentialKindAsksForItsOwnCredential() throws IOException {
        for (String kind : AzureBlobStorage.CREDENTIAL_KINDS) {
            AzureBlobStorage storage = entraIdStorage(kind);
            storage.setTenantId(SelfSignedTls.TENANT);
            storage.setClientId("00000000-0000-0000-0000-000000000001");
            storage.setClientSecret(kind.equals("client-secret") ? "very-secret-value" : null);
            if (!kind.equals("client-secret")) {
                storage.setTenantId(null);
            }
            List<String> asked = new ArrayList<>();
            storage.entraId = (requested, http) -> {
                asked.add(requested);
                throw new IllegalStateException("stop here");
            };

            assertThatIllegalStateException().isThrownBy(storage::start).withMessage("stop here");
            assertThat(asked).as(kind).containsExactly(kind);
        }
    }

    @Test
    void azureIdentityBuildsEveryKindWithoutContactingAnything() {
        for (String kind : AzureBlobStorage.CREDENTIAL_KINDS) {
            TokenCredential credential = EntraIdCredentials.create(kind, SelfSignedTls.TENANT,
                    "00000000-0000-0000-0000-000000000001", "very-secret-value", new JdkHttpClientBuilder().build());

            assertThat(credential).as(kind).isNotNull();
        }
        assertThat(AzureBlobStorage.entraIdAvailable()).as("azure-identity on the test class path").isTrue();
    }

    // Precedence: direct parameters, then the environment's connection string, then DefaultAzureCredential.

    @Test
    void aKeyGivenDirectlyWinsOverTheEnvironmentAndTheDefaultChain() throws IOException {
        AzureBlobStorage storage = new AzureBlobStorage(azurite.connectionString(), "direct-over-all");
        storage.setCreateContainer(true);
        storage.environment = Map.of(AzureBlobStorage.CONNECTION_STRING_VARIABLE, unreachableConnectionString())::get;
        storage.entraId = (kind, http) -> {
            throw new AssertionError("no token credential when a key is given");
        };

        storage.start();

        assertThat(storage.description()).endsWith("authenticated by connection-string");
    }

    @Test
    void aCredentialGivenDirectlyWinsOverTheEnvironment() {
        AzureBlobStorage storage = entraIdStorage("managed-identity");
        storage.environment = Map.of(AzureBlobStorage.CONNECTION_STRING_VARIABLE, azurite.connectionString())::get;
        List<String> asked = new ArrayList<>();
        storage.entraId = (kind, http) -> {
            asked.add(kind);
            throw new IllegalStateException("stop here");
        };

        assertThatIllegalStateException().isThrownBy(storage::start).withMessage("stop here");
        assertThat(asked).containsExactly("managed-identity");
    }

    @Test
    void withoutAnAccountTheEnvironmentWinsOverTheDefaultChain() throws IOException {
        AzureBlobStorage storage = new AzureBlobStorage();
        storage.setContainer("env-over-chain");
        storage.setCreateContainer(true);
        storage.environment = Map.of(AzureBlobStorage.CONNECTION_STRING_VARIABLE, azurite.connectionString())::get;
        storage.entraId = (kind, http) -> {
            throw new AssertionError("no token credential when the environment gives a connection string");
        };

        storage.start();

        assertThat(storage.description()).endsWith("authenticated by environment variable AZURE_STORAGE_CONNECTION_STRING");
    }

    @Test
    void anAccountWithoutACredentialUsesTheDefaultChainEvenWithTheEnvironmentSet() {
        for (boolean byName : List.of(true, false)) {
            AzureBlobStorage storage = new AzureBlobStorage();
            storage.setContainer("results");
            if (byName) {
                storage.setAccountName("myaccount");
            } else {
                storage.setEndpoint("https://myaccount.blob.core.windows.net");
            }
            storage.environment = Map.of(AzureBlobStorage.CONNECTION_STRING_VARIABLE, azurite.connectionString())::get;
            List<String> asked = new ArrayList<>();
            storage.entraId = (kind, http) -> {
                asked.add(kind);
                throw new IllegalStateException("stop here");
            };

            assertThatIllegalStateException().isThrownBy(storage::start).withMessage("stop here");
            assertThat(asked).as(byName ? "account-name" : "endpoint").containsExactly("default");
        }
    }

    private static AzureBlobStorage entraIdStorage(String kind) {
        AzureBlobStorage storage = new AzureBlobStorage();
        storage.setEndpoint("https://myaccount.blob.core.windows.net");
        storage.setContainer("results");
        storage.setCredential(kind);
        storage.entraId = (requested, http) -> {
            throw new AssertionError("no token credential expected");
        };
        return storage;
    }

    private static String unreachableConnectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=other;AccountKey=" + Azurite.ACCOUNT_KEY
                + ";BlobEndpoint=http://127.0.0.1:9/other;";
    }

    @Test
    void aConnectionStringWithAnotherCredentialIsAmbiguous() {
        AzureBlobStorage storage = new AzureBlobStorage(azurite.connectionString(), "results");
        storage.setAccountKey(Azurite.ACCOUNT_KEY);

        Throwable failure = catchThrowable(storage::start);

        assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("connection-string already holds");
        assertThat(failure.getMessage()).doesNotContain(Azurite.ACCOUNT_KEY);
    }

    @Test
    void aMalformedConnectionStringIsRejectedWithoutQuotingIt() {
        String malformed = "AccountName=devstoreaccount1;AccountKey=c2VjcmV0LWtleQ==;NoEndpointHere";
        AzureBlobStorage storage = new AzureBlobStorage(malformed, "results");

        Throwable failure = catchThrowable(storage::start);

        assertThat(failure).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("connection-string is not a valid Azure Storage connection string");
        assertThat(everything(failure)).doesNotContain("c2VjcmV0LWtleQ==");
    }

    @Test
    void withoutADirectCredentialTheEnvironmentConnectionStringIsUsed() throws IOException {
        AzureBlobStorage storage = new AzureBlobStorage();
        storage.setContainer("from-environment");
        storage.setCreateContainer(true);
        storage.environment = Map.of(AzureBlobStorage.CONNECTION_STRING_VARIABLE, azurite.connectionString())::get;
        storage.start();

        storage.put("celery-task-meta-env", "{}".getBytes(UTF_8));

        assertThat(azurite.adminClient().getBlobContainerClient("from-environment")
                .getBlobClient("celery-task-meta-env").exists()).isTrue();
    }

    @Test
    void aDirectCredentialWinsOverTheEnvironment() throws IOException {
        String elsewhere = "DefaultEndpointsProtocol=http;AccountName=other;AccountKey=" + Azurite.ACCOUNT_KEY
                + ";BlobEndpoint=http://127.0.0.1:9/other;";
        AzureBlobStorage storage = new AzureBlobStorage();
        storage.setEndpoint(azurite.blobEndpoint());
        storage.setAccountName(Azurite.ACCOUNT_NAME);
        storage.setAccountKey(Azurite.ACCOUNT_KEY);
        storage.setContainer("direct-wins");
        storage.setCreateContainer(true);
        storage.environment = Map.of(AzureBlobStorage.CONNECTION_STRING_VARIABLE, elsewhere)::get;

        storage.start();

        assertThat(storage.get("celery-task-meta-x")).isEmpty();
    }

    @Test
    void theLocationIsAFolderWhateverItsSlashes() {
        assertThat(AzureBlobStorage.normalizedLocation(null)).isEmpty();
        assertThat(AzureBlobStorage.normalizedLocation(" ")).isEmpty();
        assertThat(AzureBlobStorage.normalizedLocation("/")).isEmpty();
        assertThat(AzureBlobStorage.normalizedLocation("results")).isEqualTo("results/");
        assertThat(AzureBlobStorage.normalizedLocation("/results/prod/")).isEqualTo("results/prod/");
    }

    @Test
    void keysLiveUnderTheLocationAndAreListedWithoutIt() throws IOException {
        AzureBlobStorage storage = new AzureBlobStorage(azurite.connectionString(), "located");
        storage.setCreateContainer(true);
        storage.setLocation("/apps/billing/");
        storage.start();

        storage.put("celery-task-meta-1", "{}".getBytes(UTF_8));

        assertThat(azurite.adminClient().getBlobContainerClient("located")
                .getBlobClient("apps/billing/celery-task-meta-1").exists()).isTrue();
        try (var listed = storage.list("celery-task-meta-")) {
            assertThat(listed.map(object -> object.key())).containsExactly("celery-task-meta-1");
        }
    }

    @Test
    void aNonPositiveTimeoutIsRefused() {
        AzureBlobStorage storage = new AzureBlobStorage(azurite.connectionString(), "results");
        storage.setTimeout(java.time.Duration.ZERO);

        assertThatIllegalArgumentException().isThrownBy(storage::start).withMessage("timeout must be positive");
    }

    private static String setterName(String key) {
        StringBuilder name = new StringBuilder("set");
        for (String part : key.split("-")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString();
    }
}
