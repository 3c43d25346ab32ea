package dev.resultstore.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** The dashboard's API answers, on a real store in a directory. */
class TaskQueriesTest {

    @TempDir
    Path dir;

    private ResultBackend results;
    private Jsonb jsonb;
    private TaskQueries queries;

    @BeforeEach
    void open() {
        results = ResultStores.create(Map.of("resultstore.storage", "filesystem",
                "resultstore.storage.config.location", dir.toString()));
        jsonb = JsonbBuilder.create();
        queries = new TaskQueries(jsonb);
    }

    @AfterEach
    void close() throws Exception {
        jsonb.close();
        results.close();
    }

    private JsonObject list(String... keysAndValues) {
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            parameters.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return queries.list("default", results, parameters);
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("tasks").getValuesAs(JsonObject.class).stream()
                .map(task -> task.getString("taskId")).toList();
    }

    @Test
    void pagesThroughTheStoreWithTheCursorShowingEveryTaskOnce() {
        for (int i = 0; i < 7; i++) {
            results.storeSuccess("task-" + i, i);
        }

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = "";
        do {
            JsonObject page = list("limit", "3", "cursor", cursor);
            seen.addAll(ids(page));
            pageSizes.add(ids(page).size());
            cursor = page.isNull("cursor") ? null : page.getString("cursor");
        } while (cursor != null);

        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(seen).containsExactlyInAnyOrder("task-0", "task-1", "task-2", "task-3", "task-4", "task-5", "task-6");
    }

    @Test
    void filtersByStateAndByIdPrefix() {
        results.storeSuccess("report-1", "ok");
        results.storeFailure("report-2", new IllegalStateException("disk full"));
        results.markStarted("invoice-1");
        results.storeFailure("invoice-2", new IllegalStateException("no paper"));

        assertThat(ids(list("state", "FAILURE"))).containsExactlyInAnyOrder("report-2", "invoice-2");
        assertThat(ids(list("state", "started,success"))).containsExactlyInAnyOrder("report-1", "invoice-1");
        assertThat(ids(list("id", "invoice-", "state", "FAILURE"))).containsExactly("invoice-2");
        assertThat(ids(list("olderThan", "P1D"))).isEmpty();
        JsonObject summary = list("id", "report-1").getJsonArray("tasks").getJsonObject(0);
        assertThat(summary.getString("state")).isEqualTo("SUCCESS");
        assertThat(summary.getString("dateDone")).isNotEmpty();
        assertThat(summary.getJsonNumber("size").longValue()).isPositive();
    }

    @Test
    void detailShowsTheValueAsJsonAndAFailuresTraceback() {
        results.storeSuccess("ok-1", Map.of("pages", 12, "title", "Q3"));
        results.storeFailure("bad-1", new IllegalStateException("disk full"));

        JsonObject ok = queries.task(results, "ok-1").orElseThrow();
        JsonObject bad = queries.task(results, "bad-1").orElseThrow();

        assertThat(ok.getString("state")).isEqualTo("SUCCESS");
        assertThat(ok.getJsonObject("value").getInt("pages")).isEqualTo(12);
        assertThat(ok.getJsonObject("value").getString("title")).isEqualTo("Q3");
        assertThat(ok.get("failure")).isEqualTo(JsonValue.NULL);
        assertThat(bad.getString("state")).isEqualTo("FAILURE");
        assertThat(bad.getJsonObject("failure").getString("message")).isEqualTo("disk full");
        assertThat(bad.getJsonObject("failure").getString("traceback")).contains("TaskQueriesTest");
        assertThat(bad.get("dateDone")).isInstanceOf(JsonString.class);
    }

    @Test
    void unknownTaskHasNoDetail() {
        assertThat(queries.task(results, "never-stored")).isEmpty();
    }

    @Test
    void badParametersSayWhatToSend() {
        assertThatThrownBy(() -> list("state", "DONE")).isInstanceOf(BadQueryException.class)
                .hasMessageContaining("SUCCESS").hasMessageContaining("'DONE'");
        assertThatThrownBy(() -> list("olderThan", "yesterday")).isInstanceOf(BadQueryException.class)
                .hasMessageContaining("PT1H");
        assertThatThrownBy(() -> list("limit", "100000")).isInstanceOf(BadQueryException.class)
                .hasMessageContaining("1 to 500");
        assertThatThrownBy(() -> list("cursor", "-1")).isInstanceOf(BadQueryException.class);
    }
}
