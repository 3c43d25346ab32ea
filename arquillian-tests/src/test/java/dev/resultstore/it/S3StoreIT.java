package dev.resultstore.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.concurrent.Asynchronous;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Application;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.StoreResult;
import dev.resultstore.TaskId;
import dev.resultstore.TaskResults;
import dev.resultstore.TaskState;
import dev.resultstore.storage.s3.S3Proxy;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The {@code s3} store inside a real server, pointed at a real s3proxy that the test starts on
 * the client side (127.0.0.1, a free port) before deploying, and stops afterwards. The WAR
 * carries the connector and the AWS SDK in {@code WEB-INF/lib}, as users package it. What the
 * server stores, the test reads back on the client side straight from s3proxy, as another node
 * or Celery would.
 */
@ExtendWith(ArquillianExtension.class)
class S3StoreIT {

    private static final String BUCKET = "it-results";

    // Client side only: typed AutoCloseable so that the class also loads inside the server.
    private static AutoCloseable s3proxy;

    @Deployment
    static WebArchive deployment() throws Exception {
        S3Proxy started = S3Proxy.startInMemory();
        s3proxy = started;
        started.createBucket(BUCKET);
        return Deployments.war("s3-store",
                "resultstore.storage=s3",
                "resultstore.storage.config.endpoint=" + started.endpoint(),
                "resultstore.storage.config.path-style=true",
                "resultstore.storage.config.region=" + S3Proxy.REGION,
                "resultstore.storage.config.access-key=" + S3Proxy.ACCESS_KEY,
                "resultstore.storage.config.secret-key=" + S3Proxy.SECRET_KEY,
                "resultstore.storage.config.bucket=" + BUCKET)
                .addAsLibraries(Deployments.jars("s3"))
                .addAsWebInfResource("s3/jboss-deployment-structure.xml", "jboss-deployment-structure.xml")
                .addClasses(ReportTasks.class, TaskApplication.class, TaskResource.class);
    }

    @AfterAll
    static void stopS3Proxy() throws Exception {
        if (s3proxy != null) {
            s3proxy.close();
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

    @ApplicationPath("api")
    public static class TaskApplication extends Application {
    }

    /** Lets the client-side test run a task in the server: answers once its result is stored. */
    @Path("reports")
    @RequestScoped
    public static class TaskResource {

        @Inject
        ReportTasks tasks;

        @Inject
        @ResultStore
        ResultBackend results;

        @POST
        @Path("{id}/{title}")
        public String render(@PathParam("id") String id, @PathParam("title") String title) {
            tasks.render(id, title);
            return results.result(id).get(Duration.ofSeconds(60)).toString();
        }
    }

    @Inject
    @ResultStore
    ResultBackend results;

    @Inject
    ReportTasks tasks;

    @Test
    void anAsynchronousTaskResultIsStoredInS3AndReadBackByTheServer() throws Exception {
        String id = "s3-" + UUID.randomUUID();

        CompletableFuture<String> future = tasks.render(id, "Q3");

        assertThat(TaskResults.taskId(future)).isEqualTo(id);
        assertThat(results.result(id).get(Duration.ofSeconds(60))).isEqualTo("rendered Q3");
        assertThat(results.result(id).state()).isEqualTo(TaskState.SUCCESS);
    }

    @Test
    void aLateStartedDoesNotReplaceSuccessAndForgetDeletesTheObject() {
        String id = "s3-" + UUID.randomUUID();
        results.storeSuccess(id, 42);

        results.markStarted(id);

        assertThat(results.result(id).state()).isEqualTo(TaskState.SUCCESS);
        assertThat(results.forget(id)).isTrue();
        assertThat(results.result(id).exists()).isFalse();
    }

    @Test
    @RunAsClient
    void whatTheServerStoredIsACeleryObjectThatAnotherS3ClientReads(@ArquillianResource URL base) throws Exception {
        String id = "s3-client-" + UUID.randomUUID();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + "api/reports/" + id + "/Q4"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(90))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("rendered Q4");

        ResponseBytes<GetObjectResponse> object;
        try (S3Client client = ((S3Proxy) s3proxy).client()) {
            object = client.getObjectAsBytes(request -> request.bucket(BUCKET).key("celery-task-meta-" + id));
        }

        assertThat(object.response().contentType()).startsWith("application/json");
        JsonObject document = Json.createReader(new StringReader(object.asString(UTF_8))).readObject();
        assertThat(document.getString("status")).isEqualTo("SUCCESS");
        assertThat(document.getString("result")).isEqualTo("rendered Q4");
        assertThat(document.getString("task_id")).isEqualTo(id);
    }
}
