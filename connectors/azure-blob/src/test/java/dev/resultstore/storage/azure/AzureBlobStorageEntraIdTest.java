package dev.resultstore.storage.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static dev.resultstore.tck.support.Failures.everything;

import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;

import reactor.core.publisher.Mono;

/**
 * Microsoft Entra ID tokens against a real Azurite that checks them ({@code --oauth basic}) over
 * HTTPS with a certificate this run generated; the connector trusts it through its own HTTP client.
 */
@ExtendWith(AzuriteExtension.class)
class AzureBlobStorageEntraIdTest {

    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    private final SecureAzurite secure;
    private final String container = "entra-" + CONTAINERS.incrementAndGet();
    private AzureBlobStorage storage;

    AzureBlobStorageEntraIdTest(SecureAzurite secure) {
        this.secure = secure;
    }

    @AfterEach
    void close() throws IOException {
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void aTokenCredentialCreatesTheContainerAndStoresReadsListsAndDeletes() throws IOException {
        List<String> scopes = new CopyOnWriteArrayList<>();
        storage = secure.tokenStorage(container);
        TokenCredential tokens = secure.tls().storageCredential();
        storage.entraId = (kind, http) -> request -> {
            scopes.addAll(request.getScopes());
            return tokens.getToken(request);
        };
        storage.start();

        storage.put("celery-task-meta-1", "{\"status\":\"SUCCESS\"}".getBytes(UTF_8));

        assertThat(storage.get("celery-task-meta-1")).hasValueSatisfying(value ->
                assertThat(new String(value, UTF_8)).isEqualTo("{\"status\":\"SUCCESS\"}"));
        assertThat(storage.putIfAbsent("celery-task-meta-1", "{}".getBytes(UTF_8))).isFalse();
        try (var listed = storage.list("celery-task-meta-")) {
            assertThat(listed.map(object -> object.key())).containsExactly("celery-task-meta-1");
        }
        assertThat(storage.delete("celery-task-meta-1")).isTrue();
        assertThat(scopes).as("the token is asked for Azure Storage").contains("https://storage.azure.com/.default");
        assertThat(secure.tls().adminClient(secure.azurite()).getBlobContainerClient(container).exists()).isTrue();
        assertThat(storage.description()).contains("authenticated by credential=managed-identity");
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedAsNonRetryableNamingTheRoleToCheck() {
        String wrongAudience = secure.tls().storageToken("https://vault.azure.net", Duration.ofHours(1));
        storage = secure.tokenStorage(container);
        storage.entraId = (kind, http) -> fixed(wrongAudience);

        Throwable failure = catchThrowable(storage::start);

        assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("403 AuthenticationFailed to credential=managed-identity")
                .hasMessageContaining("Storage Blob Data Contributor");
        assertThat(everything(failure)).doesNotContain(wrongAudience);
    }

    @Test
    void anExpiredTokenIsRefusedAsNonRetryable() {
        String expired = secure.tls().storageToken("https://storage.azure.com", Duration.ofMinutes(-5));
        storage = secure.tokenStorage(container);
        storage.entraId = (kind, http) -> fixed(expired);

        assertThat(catchThrowable(storage::start)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("403 AuthenticationFailed");
    }

    @Test
    void aCredentialThatFindsNoTokenSaysWhichCredentialWasTriedAndWhatToCheck() {
        storage = secure.tokenStorage(container);
        storage.entraId = (kind, http) -> request -> Mono.error(
                new ClientAuthenticationException("ManagedIdentityCredential authentication unavailable.", null));

        Throwable failure = catchThrowable(storage::start);

        assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Microsoft Entra ID token from credential=managed-identity")
                .hasMessageContaining("has a managed identity");
    }

    @Test
    void theDefaultChainsFailureListsWhatDefaultAzureCredentialTries() {
        storage = secure.tokenStorage(container);
        storage.setCredential("default");
        storage.entraId = (kind, http) -> request -> Mono.error(
                new ClientAuthenticationException("DefaultAzureCredential failed to retrieve a token.", null));

        assertThat(catchThrowable(storage::start)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Microsoft Entra ID token from credential=default")
                .hasMessageContaining("AZURE_CLIENT_ID").hasMessageContaining("managed identity").hasMessageContaining("az login");
    }

    @Test
    void tokensAreSentOnlyOverHttps() {
        storage = secure.tokenStorage(container);
        storage.setEndpoint(secure.endpoint().replace("https://", "http://"));

        assertThatIllegalArgumentException().isThrownBy(storage::start)
                .withMessage("credential=managed-identity needs an https endpoint: Microsoft Entra ID tokens are sent only over HTTPS");
    }

    @Test
    void anAccountKeyStillWorksOnTheSameHttpsAzurite() throws IOException {
        storage = new AzureBlobStorage();
        storage.setEndpoint(secure.endpoint());
        storage.setAccountName(Azurite.ACCOUNT_NAME);
        storage.setAccountKey(Azurite.ACCOUNT_KEY);
        storage.setContainer(container);
        storage.setCreateContainer(true);
        storage.transport = secure.tls()::trustingClientBuilder;
        storage.entraId = (kind, http) -> {
            throw new AssertionError("no token credential when a key is given");
        };

        storage.start();

        assertThat(storage.get("celery-task-meta-1")).isEmpty();
    }

    @Test
    void withoutTrustInTheCertificateTheConnectionFailsAsRetryable() {
        storage = secure.tokenStorage(container);
        storage.transport = com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder::new;

        Throwable failure = catchThrowable(storage::start);

        assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("SSLHandshakeException");
    }

    private static TokenCredential fixed(String token) {
        return request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
    }
}
