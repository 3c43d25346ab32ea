package dev.resultstore.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import static dev.resultstore.tck.support.Failures.assertNotRetryable;
import static dev.resultstore.tck.support.Failures.assertRetryable;
import static dev.resultstore.tck.support.Failures.everything;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.sun.net.httpserver.HttpExchange;

import dev.resultstore.spi.BatchDeleteResult;
import dev.resultstore.tck.support.StubServers;

/**
 * Which failures the backend may retry, for the answers s3proxy cannot be made to give: a real
 * HTTP server on 127.0.0.1 that answers with S3's errors the way S3 does under load or on bad
 * requests, and sockets that refuse or never answer.
 */
class S3StorageFailureTest {

    @RegisterExtension
    final StubServers servers = new StubServers();
    private S3Storage storage;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"503, SlowDown", "500, InternalError", "503, ServiceUnavailable", "429, TooManyRequests",
            "400, RequestTimeout"})
    void throttlingAndServerErrorsAreRetryableIOExceptions(int status, String errorCode) {
        storage = storageAt(answering(status, errorCode), Duration.ofSeconds(5));

        Throwable failure = catchThrowable(storage::start);

        assertRetryable(failure).hasMessageContaining("S3 answered " + status + " " + errorCode);
        if (errorCode.equals("SlowDown")) {
            System.out.println("Throttled: " + failure.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"403, AccessDenied", "403, InvalidAccessKeyId", "403, SignatureDoesNotMatch", "400, ExpiredToken",
            "403, RequestTimeTooSkewed"})
    void credentialFailuresAreNotRetryableAndSayWhatToCheck(int status, String errorCode) {
        storage = storageAt(answering(status, errorCode), Duration.ofSeconds(5));

        Throwable failure = catchThrowable(storage::start);

        assertNotRetryable(failure, status + " " + errorCode, "Check the credentials", "s3:PutObject");
        assertThat(everything(failure)).doesNotContain(S3Proxy.SECRET_KEY);
    }

    @Test
    void aMissingBucketIsNotRetryableAndNamesBucketRegionAndEndpoint() {
        storage = storageAt(answering(404, "NoSuchBucket"), Duration.ofSeconds(5));

        Throwable failure = catchThrowable(storage::start);

        assertNotRetryable(failure, "404 NoSuchBucket",
                "Check the bucket name, and that region and endpoint point where the bucket is");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"301, PermanentRedirect", "400, AuthorizationHeaderMalformed"})
    void aBucketInAnotherRegionIsNotRetryableAndSaysToCheckTheRegion(int status, String errorCode) {
        storage = storageAt(answering(status, errorCode), Duration.ofSeconds(5));

        Throwable failure = catchThrowable(storage::start);

        assertNotRetryable(failure, status + " " + errorCode, "Check the region");
    }

    @Test
    void otherClientErrorsAreNotRetryable() {
        storage = storageAt(answering(400, "InvalidArgument"), Duration.ofSeconds(5));

        assertNotRetryable(catchThrowable(storage::start), "400 InvalidArgument");
    }

    @Test
    void aFailedWriteIsNotTakenForAFailedCondition() throws IOException {
        int port = servers.serving(exchange -> {
            if (exchange.getRequestMethod().equals("PUT")) {
                error(exchange, 503, "SlowDown");
            } else {
                reply(exchange, 200, "<ListBucketResult><Name>results</Name><KeyCount>0</KeyCount></ListBucketResult>");
            }
        });
        storage = storageAt(port, Duration.ofSeconds(5));
        storage.start();

        assertRetryable(catchThrowable(() -> storage.putIfAbsent("celery-task-meta-1", new byte[1])));
        assertRetryable(catchThrowable(() -> storage.putIfVersion("celery-task-meta-1", new byte[1], "\"etag\"")));
    }

    @Test
    void keysThatDeleteObjectsCouldNotDeleteAreReportedAsFailuresEachWithItsReason() throws IOException {
        int port = servers.serving(exchange -> {
            String method = exchange.getRequestMethod();
            if (method.equals("POST")) { // DeleteObjects: one key throttled, one refused, the others deleted
                reply(exchange, 200, "<DeleteResult>"
                        + "<Error><Key>results/celery-task-meta-2</Key><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>"
                        + "<Error><Key>results/celery-task-meta-3</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
                        + "</DeleteResult>");
            } else if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            } else {
                reply(exchange, 200, "<ListBucketResult><Name>results</Name><KeyCount>0</KeyCount></ListBucketResult>");
            }
        });
        storage = storageAt(port, Duration.ofSeconds(5));
        storage.setLocation("results");
        storage.start();

        BatchDeleteResult result = storage.deleteAll(List.of("celery-task-meta-1", "celery-task-meta-2", "celery-task-meta-3", "celery-task-meta-4"));

        assertThat(result.deleted()).isEqualTo(2);
        assertThat(result.failures()).containsOnlyKeys("celery-task-meta-2", "celery-task-meta-3");
        assertRetryable(result.failures().get("celery-task-meta-2")).hasMessageContaining("SlowDown");
        assertNotRetryable(result.failures().get("celery-task-meta-3"), "AccessDenied", "Check the credentials");
    }

    @Test
    void aRefusedConnectionIsARetryableIOException() {
        int port = StubServers.refusing();
        storage = storageAt(port, Duration.ofSeconds(5));

        Throwable failure = catchThrowable(storage::start);

        assertRetryable(failure).hasMessageStartingWith("Could not access objects in bucket 'results' at http://127.0.0.1:" + port);
        System.out.println("Refused: " + failure.getMessage());
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithARetryableIOException() {
        storage = storageAt(servers.silent(), Duration.ofMillis(500));

        Throwable failure = catchThrowable(storage::start);

        assertRetryable(failure).hasMessageContaining("no answer within the time-out of PT0.5S");
        System.out.println("Silent: " + failure.getMessage());
    }

    /** A server answering every request with one of S3's errors. */
    private int answering(int status, String errorCode) {
        return servers.serving(exchange -> error(exchange, status, errorCode));
    }

    private static void error(HttpExchange exchange, int status, String errorCode) throws IOException {
        reply(exchange, status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + errorCode
                + "</Code><Message>Answered by the test server.</Message><RequestId>test</RequestId></Error>");
    }

    private static void reply(HttpExchange exchange, int status, String xml) throws IOException {
        StubServers.respond(exchange, status, "application/xml", xml.getBytes(UTF_8));
    }

    private S3Storage storageAt(int port, Duration timeout) {
        S3Storage storage = servers.closeLater(new S3Storage("results"));
        storage.setEndpoint(java.net.URI.create("http://127.0.0.1:" + port));
        storage.setPathStyle(true);
        storage.setRegion(S3Proxy.REGION);
        storage.setAccessKey(S3Proxy.ACCESS_KEY);
        storage.setSecretKey(S3Proxy.SECRET_KEY);
        storage.setTimeout(timeout);
        return storage;
    }
}
