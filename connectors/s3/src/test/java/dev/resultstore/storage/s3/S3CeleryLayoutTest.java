package dev.resultstore.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskState;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The bucket as Celery's {@code s3://} result backend sees it. That backend reads and writes the
 * object {@code s3_base_path + "celery-task-meta-" + id}, with {@code s3_base_path} prepended
 * as it is: {@code location=celery/results} here is {@code s3_base_path = "celery/results/"} there.
 */
@ExtendWith(S3ProxyExtension.class)
class S3CeleryLayoutTest {

    private static final String BUCKET = "celery-layout";
    private static final String CELERY_BASE_PATH = "celery/results/";

    private final S3Proxy s3proxy;

    S3CeleryLayoutTest(S3Proxy s3proxy) {
        this.s3proxy = s3proxy;
    }

    private Map<String, String> config() {
        Map<String, String> config = new HashMap<>(s3proxy.storageConfig(BUCKET));
        config.put("resultstore.storage.config.location", "/celery/results/");
        config.put("resultstore.storage.config.create-bucket", "true");
        config.put("resultstore.cleanup.interval", "0");
        return config;
    }

    @Test
    void aResultStoredFromJavaIsTheJsonDocumentAtTheKeyCeleryReads() throws Exception {
        try (ResultBackend results = ResultStores.create(config()); S3Client client = s3proxy.client()) {
            results.storeSuccess("5c1f2f0e-java", Map.of("pages", 12, "title", "Größe – 報告"));

            ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(
                    request -> request.bucket(BUCKET).key(CELERY_BASE_PATH + "celery-task-meta-5c1f2f0e-java"));

            assertThat(object.response().contentType()).isEqualTo("application/json");
            JsonObject document = Json.createReader(new java.io.StringReader(new String(object.asByteArray(), UTF_8))).readObject();
            assertThat(document.getString("status")).isEqualTo("SUCCESS");
            assertThat(document.getString("task_id")).isEqualTo("5c1f2f0e-java");
            assertThat(document.getJsonObject("result").getString("title")).isEqualTo("Größe – 報告");
            assertThat(document.getJsonObject("result").getInt("pages")).isEqualTo(12);
            assertThat(document.isNull("traceback")).isTrue();
            assertThat(document.getJsonArray("children")).isEmpty();
            assertThat(document.getString("date_done")).isNotBlank();
            assertThat(client.listObjectsV2(request -> request.bucket(BUCKET)).contents())
                    .extracting(object2 -> object2.key())
                    .containsExactly(CELERY_BASE_PATH + "celery-task-meta-5c1f2f0e-java");
        }
    }

    @Test
    void aResultThatCeleryWroteIsReadFromJava() throws Exception {
        String celeryDocument = "{\"status\": \"SUCCESS\", \"result\": [1, \"zwei\", 3.5], \"traceback\": null, "
                + "\"children\": [], \"date_done\": \"2026-11-24T10:15:30.123456+00:00\", \"task_id\": \"from-python\"}";
        try (ResultBackend results = ResultStores.create(config()); S3Client client = s3proxy.client()) {
            // As boto3's Object.put(Body=...) sends it: no content type of its own.
            client.putObject(request -> request.bucket(BUCKET).key(CELERY_BASE_PATH + "celery-task-meta-from-python"),
                    RequestBody.fromBytes(celeryDocument.getBytes(UTF_8)));

            TaskResult<List> result = results.result("from-python", List.class);

            assertThat(result.state()).isEqualTo(TaskState.SUCCESS);
            assertThat(result.value()).hasValueSatisfying(value -> assertThat(value.toString()).isEqualTo("[1, zwei, 3.5]"));
        }
    }
}
