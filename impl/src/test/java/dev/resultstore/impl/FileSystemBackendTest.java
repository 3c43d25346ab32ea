package dev.resultstore.impl;

import dev.resultstore.impl.store.DefaultResultBackend;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultSerializationException;
import dev.resultstore.TaskFailedException;
import dev.resultstore.TaskFailure;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskState;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSystemBackendTest {

    public record Report(String title, int pages) {
    }

    /** Yasson cannot serialize it: its only property fails. */
    public static class Exploding {
        public String getValue() {
            throw new IllegalStateException("no value today");
        }
    }

    @TempDir
    Path location;

    DefaultResultBackend results;

    @BeforeEach
    void open() {
        results = Backends.filesystem(location);
    }

    @AfterEach
    void close() {
        results.close();
    }

    private JsonObject document(String taskId) throws Exception {
        return Json.createReader(new StringReader(Files.readString(location.resolve("celery-task-meta-" + taskId))))
                .readObject();
    }

    @Test
    void theResultOfTaskAbcLandsInLocationSlashCeleryTaskMetaAbc() throws Exception {
        results.storeSuccess("abc", Map.of("pages", 12));

        JsonObject document = document("abc");
        assertThat(document.getString("status")).isEqualTo("SUCCESS");
        assertThat(document.getJsonObject("result").getInt("pages")).isEqualTo(12);
        assertThat(document.isNull("traceback")).isTrue();
        assertThat(document.getJsonArray("children")).isEmpty();
        assertThat(document.getString("date_done")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");
        assertThat(document.getString("task_id")).isEqualTo("abc");
    }

    @Test
    void theDocumentUsesCeleryFieldOrderAndSeparators() throws Exception {
        results.storeSuccess("abc", "done");

        assertThat(Files.readString(location.resolve("celery-task-meta-abc")))
                .startsWith("{\"status\": \"SUCCESS\", \"result\": \"done\", \"traceback\": null, \"children\": [], \"date_done\": \"")
                .endsWith("\", \"task_id\": \"abc\"}");
    }

    @Test
    void anUnknownIdIsPendingAndDoesNotExist() {
        TaskResult<Object> result = results.result("never-stored");

        assertThat(result.state()).isEqualTo(TaskState.PENDING);
        assertThat(result.exists()).isFalse();
        assertThat(result.ready()).isFalse();
        assertThat(result.value()).isEmpty();
        assertThat(result.failure()).isEmpty();
        assertThat(result.dateDone()).isEmpty();
    }

    @Test
    void typedReadsReturnTheStoredObject() {
        results.storeSuccess("r1", new Report("Q3", 12));

        TaskResult<Report> result = results.result("r1", Report.class);

        assertThat(result.successful()).isTrue();
        assertThat(result.value()).contains(new Report("Q3", 12));
        assertThat(result.get()).isEqualTo(new Report("Q3", 12));
        assertThat(result.dateDone()).hasValueSatisfying(done -> assertThat(done).isBefore(Instant.now().plusSeconds(1)));
    }

    @Test
    void untypedReadsGiveMapsListsAndScalars() {
        results.storeSuccess("m", Map.of("pages", 12, "tags", List.of("a", "b")));

        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) results.result("m").get();

        assertThat(value).containsEntry("tags", List.of("a", "b"));
        assertThat(((Number) value.get("pages")).intValue()).isEqualTo(12);
    }

    @Test
    void aFailureDocumentCarriesTypeModuleMessageAndTraceback() throws Exception {
        results.storeFailure("f1", new IllegalStateException("disk full"));

        JsonObject document = document("f1");
        assertThat(document.getString("status")).isEqualTo("FAILURE");
        JsonObject exception = document.getJsonObject("result");
        assertThat(exception.getString("exc_type")).isEqualTo("IllegalStateException");
        assertThat(exception.getString("exc_module")).isEqualTo("java.lang");
        assertThat(exception.getJsonArray("exc_message").getString(0)).isEqualTo("disk full");
        assertThat(document.getString("traceback")).startsWith("java.lang.IllegalStateException: disk full")
                .contains("at dev.resultstore.impl.FileSystemBackendTest");

        TaskFailure failure = results.result("f1").failure().orElseThrow();
        assertThat(failure.type()).isEqualTo("IllegalStateException");
        assertThat(failure.module()).isEqualTo("java.lang");
        assertThat(failure.message()).isEqualTo("disk full");
        assertThat(failure.traceback()).contains("disk full");
    }

    @Test
    void getThrowsTaskFailedExceptionForAFailedTask() {
        results.storeFailure("f2", new IllegalArgumentException("bad input"));

        assertThatThrownBy(() -> results.result("f2").get())
                .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                    assertThat(e.state()).isEqualTo(TaskState.FAILURE);
                    assertThat(e.failure().qualifiedType()).isEqualTo("java.lang.IllegalArgumentException");
                })
                .hasMessageContaining("f2").hasMessageContaining("bad input");
    }

    @Test
    void documentsWrittenByPythonCeleryAreRead() throws Exception {
        Files.writeString(location.resolve("celery-task-meta-py1"), "{\"status\": \"SUCCESS\", \"result\": {\"pages\": 7},"
                + " \"traceback\": null, \"children\": [], \"date_done\": \"2026-11-24T10:15:30.123456\","
                + " \"task_id\": \"py1\", \"name\": \"reports.render\", \"args\": [1], \"kwargs\": {}, \"worker\": \"celery@h\","
                + " \"retries\": 0, \"queue\": \"celery\", \"some_future_field\": 42}");
        Files.writeString(location.resolve("celery-task-meta-py2"), "{\"status\": \"FAILURE\", \"result\": {\"exc_type\":"
                + " \"ValueError\", \"exc_message\": [\"bad value\"], \"exc_module\": \"builtins\"}, \"traceback\":"
                + " \"Traceback (most recent call last):\\n  ...\\nValueError: bad value\\n\", \"children\": [],"
                + " \"date_done\": \"2026-11-24T10:15:30.123456+02:00\", \"task_id\": \"py2\"}");

        TaskResult<Report> success = results.result("py1", Report.class);
        assertThat(success.value()).contains(new Report(null, 7));
        assertThat(success.dateDone()).contains(Instant.parse("2026-11-24T10:15:30.123456Z"));

        TaskResult<Object> failure = results.result("py2");
        assertThat(failure.failure()).hasValueSatisfying(f -> {
            assertThat(f.qualifiedType()).isEqualTo("builtins.ValueError");
            assertThat(f.message()).isEqualTo("bad value");
            assertThat(f.traceback()).startsWith("Traceback");
        });
        assertThat(failure.dateDone()).contains(Instant.parse("2026-11-24T08:15:30.123456Z"));
    }

    @Test
    void aCorruptedDocumentGivesAnErrorNamingItsKey() throws Exception {
        Files.writeString(location.resolve("celery-task-meta-broken"), "{\"status\": \"SUCC");
        Files.writeString(location.resolve("celery-task-meta-nostatus"), "{\"result\": 1}");

        assertThatThrownBy(() -> results.result("broken").state())
                .isInstanceOf(ResultSerializationException.class).hasMessageContaining("'celery-task-meta-broken'");
        assertThatThrownBy(() -> results.result("nostatus").state())
                .isInstanceOf(ResultSerializationException.class).hasMessageContaining("'celery-task-meta-nostatus'")
                .hasMessageContaining("status");
    }

    @Test
    void anUnserializableResultIsStoredAsAFailureThatSaysWhy() throws Exception {
        assertThatThrownBy(() -> results.storeSuccess("u1", new Exploding()))
                .isInstanceOf(ResultSerializationException.class)
                .hasMessageContaining("u1").hasMessageContaining(Exploding.class.getName());

        TaskFailure failure = results.result("u1").failure().orElseThrow();
        assertThat(failure.type()).isEqualTo("ResultSerializationException");
        assertThat(failure.message()).contains(Exploding.class.getName()).contains("cannot be stored as JSON");
    }

    @Test
    void aLateNonReadyStateNeverReplacesAReadyOne() {
        results.storeSuccess("t1", "value");

        results.markStarted("t1");
        results.storeState("t1", TaskState.RETRY);
        results.storeState("t1", TaskState.RECEIVED);

        assertThat(results.result("t1").state()).isEqualTo(TaskState.SUCCESS);
        assertThat(results.result("t1").get()).isEqualTo("value");
    }

    @Test
    void nonReadyStatesReplaceEachOther() {
        results.storeState("t2", TaskState.RECEIVED);
        assertThat(results.result("t2").state()).isEqualTo(TaskState.RECEIVED);
        results.markStarted("t2");
        assertThat(results.result("t2").state()).isEqualTo(TaskState.STARTED);
        assertThat(results.result("t2").exists()).isTrue();
    }

    @Test
    void forgetIsIdempotent() {
        results.storeSuccess("gone", 1);

        assertThat(results.forget("gone")).isTrue();
        assertThat(results.forget("gone")).isFalse();
        assertThat(location.resolve("celery-task-meta-gone")).doesNotExist();
        assertThat(results.result("gone").exists()).isFalse();
    }

    @Test
    void aCustomKeyPrefixNamesTheFiles() {
        try (DefaultResultBackend custom = Backends.filesystem(location, "resultstore.key-prefix", "jobs-")) {
            custom.storeSuccess("abc", 1);
        }

        assertThat(location.resolve("jobs-abc")).exists();
    }

    @Test
    void withoutAnyConfigurationResultsGoToThePersistentDefaultDirectory(@TempDir Path serverData) {
        System.setProperty("jboss.server.data.dir", serverData.toString());
        try (DefaultResultBackend defaults = Backends.create()) {
            defaults.storeSuccess("abc", 1);
        } finally {
            System.clearProperty("jboss.server.data.dir");
        }

        assertThat(serverData.resolve("resultstore/celery-task-meta-abc")).exists();
    }
}
