package dev.resultstore.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.StringReader;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.concurrent.Asynchronous;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.StoreResult;
import dev.resultstore.TaskId;
import dev.resultstore.TaskResults;
import dev.resultstore.TaskState;
import dev.resultstore.storage.azure.Azurite;

/**
 * The {@code azure-blob} store inside a real server, pointed at a real Azurite that the test
 * starts on the client side (127.0.0.1, a free port) before deploying, and stops afterwards. The
 * WAR carries the connector and its dependencies in {@code WEB-INF/lib}, as users package it.
 */
@ExtendWith(ArquillianExtension.class)
class AzureBlobStoreIT {

    private static final String CONTAINER = "it-results";

    // Client side only: typed AutoCloseable so that the class also loads inside the server.
    private static AutoCloseable azurite;

    @Deployment
    static WebArchive deployment() throws Exception {
        Azurite started = Azurite.startInMemory();
        azurite = started;
        File[] connector = new File(System.getProperty("deployment.libs"), "azure").listFiles((d, f) -> f.endsWith(".jar"));
        if (connector == null || connector.length == 0) {
            throw new IllegalStateException("No Azure connector jars in deployment-libs/azure: run the tests with mvn verify");
        }
        Arrays.sort(connector);
        return Deployments.war("azure-blob",
                "resultstore.storage=azure-blob",
                "resultstore.storage.config.connection-string=" + started.connectionString(),
                "resultstore.storage.config.container=" + CONTAINER,
                "resultstore.storage.config.create-container=true")
                .addAsLibraries(connector)
                .addClass(ReportTasks.class);
    }

    @AfterAll
    static void stopAzurite() throws Exception {
        if (azurite != null) {
            azurite.close();
        }
    }

    @ApplicationScoped
    public static class ReportTasks {
        @Asynchronous
        @StoreResult
        public CompletableFuture<String> render(@TaskId String id, String title) {
            return Asynchronous.Result.complete("rendered " + title);
        }
    }

    @Inject
    @ResultStore
    ResultBackend results;

    @Inject
    ReportTasks tasks;

    private static BlobContainerClient container() {
        String connectionString = ConfigProvider.getConfig()
                .getValue("resultstore.storage.config.connection-string", String.class);
        return new BlobServiceClientBuilder().connectionString(connectionString).buildClient()
                .getBlobContainerClient(CONTAINER);
    }

    @Test
    void anAsynchronousTaskResultIsStoredAsACeleryBlobInAzurite() throws Exception {
        String id = "azure-" + UUID.randomUUID();

        CompletableFuture<String> future = tasks.render(id, "Q3");

        assertThat(TaskResults.taskId(future)).isEqualTo(id);
        assertThat(results.result(id).get(java.time.Duration.ofSeconds(60))).isEqualTo("rendered Q3");
        String blob = container().getBlobClient("celery-task-meta-" + id).downloadContent().toString();
        JsonObject document = Json.createReader(new StringReader(blob)).readObject();
        assertThat(document.getString("status")).isEqualTo("SUCCESS");
        assertThat(document.getString("result")).isEqualTo("rendered Q3");
        assertThat(document.getString("task_id")).isEqualTo(id);
        assertThat(blob.getBytes(UTF_8)).isNotEmpty();
    }

    @Test
    void aLateStartedDoesNotReplaceSuccessAndForgetDeletesTheBlob() {
        String id = "azure-" + UUID.randomUUID();
        results.storeSuccess(id, 42);

        results.markStarted(id);

        assertThat(results.result(id).state()).isEqualTo(TaskState.SUCCESS);
        assertThat(results.forget(id)).isTrue();
        assertThat(container().getBlobClient("celery-task-meta-" + id).exists()).isFalse();
        assertThat(results.result(id).exists()).isFalse();
    }
}
