package dev.resultstore.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static dev.resultstore.tck.support.Failures.assertNotRetryable;
import static dev.resultstore.tck.support.Failures.assertRetryable;
import static dev.resultstore.tck.support.Failures.everything;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.StorageException;
import dev.resultstore.TaskState;
import dev.resultstore.tck.support.StubServers;

/**
 * Which failures the backend may retry, and what the others say: {@link GcsStubServer} answering with
 * the errors Google's front ends give, a bucket that does not exist, sockets that refuse or never answer;
 * and the backend's retries through the public API.
 */
class GcsStorageFailureTest {

    private static GcsStubServer server;
    @RegisterExtension
    final StubServers stubs = new StubServers();

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

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"408, requestTimeout", "429, rateLimitExceeded", "500, backendError", "502, badGateway", "503, serviceUnavailable"})
    void temporaryServiceErrorsAreRetryableIOExceptions(int status, String reason) throws IOException {
        GcsStorage storage = started(storage(server.endpoint(), Duration.ofSeconds(5)));
        server.failAll(status, reason);

        Throwable read = catchThrowable(() -> storage.get("celery-task-meta-1"));
        Throwable write = catchThrowable(() -> storage.putIfAbsent("celery-task-meta-1", new byte[1]));

        for (Throwable failure : List.of(read, write)) {
            assertRetryable(failure)
                    .hasMessageContaining("bucket 'results' at " + server.endpoint())
                    .hasMessageContaining("answered " + status + " " + reason);
        }
    }

    @Test
    void aRefusedCredentialIsNotRetryableAndSaysWhatToCheck() {
        server.failAll(401, "required");

        Throwable failure = catchThrowable(storage(server.endpoint(), Duration.ofSeconds(5))::start);

        assertNotRetryable(failure, "answered 401 required", "Check the credential");
    }

    @Test
    void aKeyTheTokenEndpointRefusesIsNotRetryableAndSaysWhatToCheck() {
        String json = ServiceAccountKeys.json("deleted-key@test-project.iam.gserviceaccount.com", server.tokenUri());
        GcsStorage storage = storage(server.endpoint(), Duration.ofSeconds(5));
        storage.setCredentialsJson(json);
        server.refuseTokens();

        Throwable failure = catchThrowable(storage::start);

        assertNotRetryable(failure, "the credential was refused when exchanging it for an access token",
                "not deleted or disabled");
        assertThat(everything(failure)).doesNotContain(ServiceAccountKeys.secretPart(json));
    }

    @Test
    void aMissingPermissionIsNotRetryableAndNamesTheRoleToGrant() {
        server.failAll(403, "forbidden");

        Throwable failure = catchThrowable(storage(server.endpoint(), Duration.ofSeconds(5))::start);

        assertNotRetryable(failure, "answered 403 forbidden", "roles/storage.objectUser");
    }

    @Test
    void aMissingBucketIsNotRetryableAndSaysToCreateIt() throws IOException {
        GcsStorage storage = storage(server.endpoint(), Duration.ofSeconds(5));
        storage.setBucket("no-such-bucket");

        Throwable atStart = catchThrowable(storage::start);

        assertNotRetryable(atStart, "404 notFound (The specified bucket does not exist.)", "create-bucket=true")
                .hasMessageStartingWith("Could not list objects in bucket 'no-such-bucket'");
    }

    @Test
    void aBucketDeletedAfterStartFailsWritesWithTheSameAdvice() throws IOException {
        server.createBucket("deleted-later");
        GcsStorage storage = storage(server.endpoint(), Duration.ofSeconds(5));
        storage.setBucket("deleted-later");
        started(storage);
        server.failAll(404, "notFound");

        assertNotRetryable(catchThrowable(() -> storage.put("celery-task-meta-1", new byte[1])), "Check that the bucket exists");
    }

    @Test
    void credentialsNeverAppearInAFailure() throws IOException {
        String json = ServiceAccountKeys.json("writer@test-project.iam.gserviceaccount.com", server.tokenUri());
        GcsStorage storage = storage(server.endpoint(), Duration.ofSeconds(5));
        storage.setCredentialsJson(json);
        started(storage);
        server.failAll(403, "forbidden");

        Throwable failure = catchThrowable(() -> storage.put("celery-task-meta-1", new byte[1]));

        assertNotRetryable(failure);
        assertThat(everything(failure)).doesNotContain(ServiceAccountKeys.secretPart(json)).doesNotContain("stub-token");
        assertThat(storage.toString()).isEqualTo("GcsStorage[bucket 'results' at " + server.endpoint() + "]");
    }

    @Test
    void aRefusedConnectionIsARetryableIOException() {
        int port = StubServers.refusing();

        assertRetryable(catchThrowable(storage("http://127.0.0.1:" + port, Duration.ofSeconds(5))::start))
                .hasMessageStartingWith("Could not list objects in bucket 'results' at http://127.0.0.1:" + port)
                .hasMessageContaining("ConnectException")
                .hasMessageEndingWith("(safe to retry)");
    }

    @Test
    void aServiceThatNeverAnswersTimesOutWithARetryableIOException() {
        Throwable failure = catchThrowable(storage("http://127.0.0.1:" + stubs.silent(), Duration.ofMillis(500))::start);

        assertRetryable(failure).hasMessageContaining("no answer within the time-out of PT0.5S");
    }

    @Test
    void theBackendRetriesTemporaryFailuresAndTheResultIsStored() {
        try (ResultBackend results = ResultStores.create(backendConfig(3))) {
            server.reset();
            server.failNext(2, 503, "serviceUnavailable");

            results.storeSuccess("retried", Map.of("pages", 12));

            assertThat(results.result("retried").state()).isEqualTo(TaskState.SUCCESS);
            assertThat(server.requests()).as("two refused attempts, then the write and the read").isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void whenRetriesRunOutTheCallerGetsStorageExceptionNamingTheTask() {
        try (ResultBackend results = ResultStores.create(backendConfig(1))) {
            server.reset();
            server.failAll(429, "rateLimitExceeded");

            Throwable failure = catchThrowable(() -> results.storeSuccess("throttled", "value"));

            assertThat(failure).isInstanceOf(StorageException.class).hasMessageContaining("throttled");
            assertThat(server.requests()).as("one try and one retry").isEqualTo(2);
        }
    }

    @Test
    void aPermissionFailureIsNotRetried() {
        try (ResultBackend results = ResultStores.create(backendConfig(3))) {
            server.reset();
            server.failAll(403, "forbidden");

            Throwable failure = catchThrowable(() -> results.storeSuccess("forbidden", "value"));

            assertThat(everything(failure)).contains("roles/storage.objectUser");
            assertThat(server.requests()).as("a single attempt").isEqualTo(1);
        }
    }

    private Map<String, String> backendConfig(int maxRetries) {
        Map<String, String> config = new HashMap<>();
        // These tests count requests: no start-up recovery listing among them.
        config.put("resultstore.recovery.enabled", "false");
        config.put("resultstore.storage", "gcs");
        config.put("resultstore.storage.config.bucket", "results");
        config.put("resultstore.storage.config.endpoint", server.endpoint());
        config.put("resultstore.retry.max-retries", Integer.toString(maxRetries));
        config.put("resultstore.retry.backoff", "PT0.01S");
        config.put("resultstore.cleanup.interval", "0");
        return config;
    }

    private GcsStorage started(GcsStorage storage) throws IOException {
        storage.start();
        return stubs.closeLater(storage);
    }

    private static GcsStorage storage(String endpoint, Duration timeout) {
        GcsStorage storage = new GcsStorage("results");
        storage.setEndpoint(endpoint);
        storage.setTimeout(timeout);
        return storage;
    }
}
