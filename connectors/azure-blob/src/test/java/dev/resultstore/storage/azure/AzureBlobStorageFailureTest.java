package dev.resultstore.storage.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import static dev.resultstore.tck.support.Failures.assertNotRetryable;
import static dev.resultstore.tck.support.Failures.assertRetryable;
import static dev.resultstore.tck.support.Failures.everything;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.sun.net.httpserver.HttpExchange;

import dev.resultstore.spi.BatchDeleteResult;
import dev.resultstore.tck.support.StubServers;

/**
 * Which failures the backend may retry: a real HTTP server on 127.0.0.1 that answers every
 * request with one error, the way Azure's front ends do under load or on bad requests, and sockets
 * that refuse or never answer.
 */
class AzureBlobStorageFailureTest {

    @RegisterExtension
    final StubServers servers = new StubServers();
    private AzureBlobStorage storage;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"408, RequestTimeout", "429, TooManyRequests", "500, InternalError", "503, ServerBusy",
            "503, OperationTimedOut"})
    void temporaryServiceErrorsAreRetryableIOExceptions(int status, String errorCode) {
        storage = storageAt(answering(status, errorCode), Duration.ofSeconds(5));

        Throwable failure = catchThrowable(storage::start);

        assertRetryable(failure).hasMessageContaining(status + " " + errorCode);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"400, InvalidQueryParameterValue", "409, ContainerBeingDeleted", "413, RequestBodyTooLarge"})
    void otherClientErrorsAreNotRetryable(int status, String errorCode) {
        storage = storageAt(answering(status, errorCode), Duration.ofSeconds(5));

        Throwable failure = catchThrowable(storage::start);

        assertNotRetryable(failure, status + " " + errorCode);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"501, NotImplemented", "505, HttpVersionNotSupported"})
    void requestsTheServiceDoesNotSupportAreNotRetried(int status, String errorCode) {
        storage = storageAt(answering(status, errorCode), Duration.ofSeconds(5));

        Throwable failure = catchThrowable(storage::start);

        assertNotRetryable(failure, status + " " + errorCode, "the service does not support this request");
    }

    @Test
    void aRefusedBatchFallsBackToSingleDeletesForThatCallAndIsTriedAgainOnTheNext() throws IOException {
        List<String> requests = new CopyOnWriteArrayList<>();
        storage = storageAt(servers.serving(exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(exchange.getRequestMethod() + (query != null && query.contains("comp=batch") ? " batch" : ""));
            if (query != null && query.contains("comp=list")) {
                respond(exchange, 200, EMPTY_LISTING, "application/xml");
            } else if (query != null && query.contains("comp=batch")) {
                exchange.getResponseHeaders().add("x-ms-error-code", "InvalidInput");
                respond(exchange, 400, error("InvalidInput"), "application/xml");
            } else if (exchange.getRequestMethod().equals("DELETE")) {
                respond(exchange, 202, new byte[0], null);
            } else {
                respond(exchange, 500, error("InternalError"), "application/xml");
            }
        }), Duration.ofSeconds(5));
        storage.start();
        requests.clear();

        BatchDeleteResult first = storage.deleteAll(List.of("a", "b", "c"));
        List<String> firstRequests = List.copyOf(requests);
        requests.clear();
        BatchDeleteResult second = storage.deleteAll(List.of("d", "e"));

        assertThat(first.deleted()).isEqualTo(3);
        assertThat(first.failures()).isEmpty();
        assertThat(firstRequests).containsExactlyInAnyOrder("POST batch", "DELETE", "DELETE", "DELETE");
        assertThat(second.deleted()).isEqualTo(2);
        assertThat(requests).as("batching tried again").containsExactlyInAnyOrder("POST batch", "DELETE", "DELETE");
        assertThat(storage.refusedBatches()).isEqualTo(2);
    }

    @Test
    void everyCallHonoursTheTimeOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        storage = storageAt(servers.serving(exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            if (exchange.getRequestMethod().equals("GET") && query != null && query.contains("comp=list") && !listedOnce.getAndSet(true)) {
                respond(exchange, 200, EMPTY_LISTING, "application/xml"); // start() passes; then the service hangs
                return;
            }
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        }), Duration.ofMillis(800));
        servers.closeLater(release::countDown);
        storage.start();
        byte[] value = "{}".getBytes(UTF_8);

        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("put", () -> storage.put("k", value));
        calls.put("get", () -> storage.get("k"));
        calls.put("openStream", () -> storage.openStream("k"));
        calls.put("getVersioned", () -> storage.getVersioned("k"));
        calls.put("putIfAbsent", () -> storage.putIfAbsent("k", value));
        calls.put("putIfVersion", () -> storage.putIfVersion("k", value, "\"0x1\""));
        calls.put("delete", () -> storage.delete("k"));
        calls.put("list", () -> storage.list("k").close());
        calls.put("deleteAll", () -> {
            BatchDeleteResult result = storage.deleteAll(List.of("a", "b"));
            if (!result.failures().isEmpty()) {
                throw result.failures().values().iterator().next();
            }
        });
        for (Map.Entry<String, ThrowingCallable> call : calls.entrySet()) {
            assertThat(catchThrowable(call.getValue())).as(call.getKey())
                    .isInstanceOf(IOException.class).hasMessageContaining("time-out of PT0.8S");
        }
    }

    @Test
    void anEmulatorRefusingTheServiceVersionIsExplained() {
        storage = storageAt(answering(400, "InvalidHeaderValue"), Duration.ofSeconds(5));

        assertNotRetryable(catchThrowable(storage::start), "400 InvalidHeaderValue", "--skipApiVersionCheck");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"401, InvalidAuthenticationInfo", "403, AuthenticationFailed", "403, AuthorizationPermissionMismatch"})
    void authenticationFailuresAreNotRetryableAndSayWhatToCheck(int status, String errorCode) {
        storage = storageAt(answering(status, errorCode), Duration.ofSeconds(5));

        Throwable failure = catchThrowable(storage::start);

        assertNotRetryable(failure, status + " " + errorCode, "account name and key", "SAS token");
        assertThat(everything(failure)).doesNotContain(Azurite.ACCOUNT_KEY);
    }

    @Test
    void aRefusedConnectionIsARetryableIOException() {
        storage = storageAt(StubServers.refusing(), Duration.ofSeconds(5));

        assertRetryable(catchThrowable(storage::start))
                .hasMessageStartingWith("Could not access blobs in container 'results'")
                .hasMessageContaining("ConnectException");
    }

    @Test
    void aServiceThatNeverAnswersTimesOutWithARetryableIOException() {
        storage = storageAt(servers.silent(), Duration.ofMillis(500));

        long started = System.nanoTime();
        Throwable failure = catchThrowable(storage::start);
        assertRetryable(failure).hasMessageContaining("time-out of PT0.5S");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    private static final byte[] EMPTY_LISTING = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults "
            + "ServiceEndpoint=\"http://127.0.0.1/\" ContainerName=\"results\"><Blobs /><NextMarker /></EnumerationResults>")
            .getBytes(UTF_8);
    private final AtomicBoolean listedOnce = new AtomicBoolean();

    private static void respond(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
        exchange.getResponseHeaders().add("x-ms-request-id", "stub");
        StubServers.respond(exchange, status, contentType, body);
    }

    private static byte[] error(String errorCode) {
        return ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + errorCode
                + "</Code><Message>Answered by the test server.</Message></Error>").getBytes(UTF_8);
    }

    /** A server answering every request with one error, as Azure's front ends do. */
    private int answering(int status, String errorCode) {
        return servers.serving(exchange -> {
            exchange.getResponseHeaders().add("x-ms-error-code", errorCode);
            StubServers.respond(exchange, status, "application/xml", error(errorCode));
        });
    }

    private AzureBlobStorage storageAt(int port, Duration timeout) {
        AzureBlobStorage storage = servers.closeLater(new AzureBlobStorage());
        storage.setEndpoint("http://127.0.0.1:" + port + "/" + Azurite.ACCOUNT_NAME);
        storage.setAccountName(Azurite.ACCOUNT_NAME);
        storage.setAccountKey(Azurite.ACCOUNT_KEY);
        storage.setContainer("results");
        storage.setTimeout(timeout);
        return storage;
    }
}
