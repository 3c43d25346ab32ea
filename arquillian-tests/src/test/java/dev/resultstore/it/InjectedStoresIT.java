package dev.resultstore.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskState;

/** {@code @Inject @ResultStore ResultBackend}: the default store and a named one, each in its own directory. */
@ExtendWith(ArquillianExtension.class)
class InjectedStoresIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.war("injected-stores",
                "resultstore.storage.config.location=" + Deployments.resultsDir("injected/default"),
                "resultstore.reports.storage=filesystem",
                "resultstore.reports.storage.config.location=" + Deployments.resultsDir("injected/reports"))
                .addClasses(Summary.class, QuarterlyReports.class);
    }

    /**
     * Where the application uses the named store. The extension gives a bean to every store name
     * used at a bean's injection point; this test class is not a bean, so its own
     * {@code @ResultStore("reports")} field relies on this one.
     */
    @ApplicationScoped
    public static class QuarterlyReports {

        @Inject
        @ResultStore("reports")
        ResultBackend reports;

        String archive(String quarter) {
            String id = "quarterly-" + quarter + "-" + UUID.randomUUID();
            reports.storeSuccess(id, "archived " + quarter);
            return id;
        }
    }

    /** A result value: JSON-B maps records both ways. */
    public record Summary(String title, int pages) {
    }

    @Inject
    @ResultStore
    ResultBackend results;

    @Inject
    @ResultStore("reports")
    ResultBackend reports;

    @Inject
    QuarterlyReports quarterly;

    @Test
    void defaultStoreWritesCeleryDocumentsIntoTheConfiguredDirectory() throws IOException {
        String id = UUID.randomUUID().toString();
        results.storeSuccess(id, new Summary("Q3 sales", 12));

        Path file = location("resultstore.storage.config.location").resolve("celery-task-meta-" + id);
        JsonObject document;
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(file, UTF_8))) {
            document = reader.readObject();
        }
        assertThat(document.getString("status")).isEqualTo("SUCCESS");
        assertThat(document.getString("task_id")).isEqualTo(id);
        assertThat(document.getJsonObject("result").getInt("pages")).isEqualTo(12);
        assertThat(document.getJsonArray("children")).isEmpty();
        assertThat(document.getString("date_done")).endsWith("+00:00");
        TaskResult<Summary> result = results.result(id, Summary.class);
        assertThat(result.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(result.value()).contains(new Summary("Q3 sales", 12));
    }

    @Test
    void namedStoreIsConfiguredUnderItsOwnPrefixAndKeptApart() {
        String id = quarterly.archive("2026-Q3");

        assertThat(reports.name()).isEqualTo("reports");
        assertThat(reports.result(id, String.class).value()).contains("archived 2026-Q3");
        assertThat(location("resultstore.reports.storage.config.location").resolve("celery-task-meta-" + id))
                .isRegularFile();
        assertThat(results.result(id).exists()).isFalse();
    }

    @Test
    void unknownIdIsPendingAndDoesNotExist() {
        TaskResult<Object> result = results.result("never-submitted");

        assertThat(result.state()).isEqualTo(TaskState.PENDING);
        assertThat(result.exists()).isFalse();
    }

    @Test
    void forgetDeletesTheStoredDocument() {
        String id = UUID.randomUUID().toString();
        results.storeState(id, TaskState.STARTED);

        assertThat(results.forget(id)).isTrue();
        assertThat(location("resultstore.storage.config.location").resolve("celery-task-meta-" + id)).doesNotExist();
        assertThat(results.forget(id)).isFalse();
    }

    private static Path location(String key) {
        return Path.of(ConfigProvider.getConfig().getValue(key, String.class));
    }
}
