package dev.resultstore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.concurrent.Asynchronous;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.StoreResult;
import dev.resultstore.TaskFailedException;
import dev.resultstore.TaskFailure;
import dev.resultstore.TaskId;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskResults;
import dev.resultstore.TaskState;

/** {@code @StoreResult} on Jakarta Concurrency 3 {@code @Asynchronous} methods, run by the server. */
@ExtendWith(ArquillianExtension.class)
class StoreResultIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Deployment
    static WebArchive deployment() {
        return Deployments.war("store-result",
                "resultstore.storage.config.location=" + Deployments.resultsDir("store-result/default"),
                "resultstore.reports.storage.config.location=" + Deployments.resultsDir("store-result/reports"))
                .addClass(ReportTasks.class);
    }

    @ApplicationScoped
    public static class ReportTasks {

        @Asynchronous
        @StoreResult
        public CompletableFuture<String> render(@TaskId String id, CountDownLatch proceed) {
            try {
                if (!proceed.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("The test never let task " + id + " proceed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return Asynchronous.Result.complete("rendered " + id);
        }

        @Asynchronous
        @StoreResult
        public CompletableFuture<Integer> countWords(List<String> words) {
            return Asynchronous.Result.complete(words.size());
        }

        @Asynchronous
        @StoreResult(store = "reports")
        public CompletableFuture<String> export(@TaskId String id) {
            throw new IllegalStateException("disk full");
        }
    }

    @Inject
    ReportTasks tasks;

    @Inject
    @ResultStore
    ResultBackend results;

    @Inject
    @ResultStore("reports")
    ResultBackend reports;

    @Test
    void asynchronousMethodStoresStartedWhileRunningThenSuccess() throws Exception {
        String id = "render-" + UUID.randomUUID();
        CountDownLatch proceed = new CountDownLatch(1);

        CompletableFuture<String> future = tasks.render(id, proceed);
        TaskResult<String> result = results.result(id, String.class);
        Poll.until(id + " is STARTED", () -> result.state() == TaskState.STARTED);
        assertThat(future).isNotDone();

        proceed.countDown();
        assertThat(result.get(WAIT)).isEqualTo("rendered " + id);
        assertThat(result.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(result.dateDone()).isPresent();
        assertThat(future.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("rendered " + id);
    }

    @Test
    void callerLearnsTheGeneratedIdFromTheReturnedFuture() {
        CompletableFuture<Integer> future = tasks.countWords(List.of("results", "kept", "anywhere"));

        String id = TaskResults.taskId(future);
        assertThat(results.result(id, Integer.class).get(WAIT)).isEqualTo(3);
    }

    @Test
    void exceptionIsStoredAsFailureInTheNamedStoreAndReachesTheCaller() {
        String id = "export-" + UUID.randomUUID();

        CompletableFuture<String> future = tasks.export(id);

        assertThatThrownBy(() -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(IllegalStateException.class);
        TaskResult<Object> result = reports.result(id);
        Poll.until(id + " is ready", result::ready);
        assertThat(result.state()).isEqualTo(TaskState.FAILURE);
        TaskFailure failure = result.failure().orElseThrow();
        assertThat(failure.type()).isEqualTo("IllegalStateException");
        assertThat(failure.module()).isEqualTo("java.lang");
        assertThat(failure.message()).isEqualTo("disk full");
        assertThat(failure.traceback()).contains("disk full", "ReportTasks.export");
        assertThatThrownBy(result::get).isInstanceOf(TaskFailedException.class).hasMessageContaining("disk full");
        assertThat(results.result(id).exists()).isFalse();
    }
}
