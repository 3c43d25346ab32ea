package dev.resultstore.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.impl.cdi.ResultStoreExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;

/** The checks against real stores: the default one on a real directory, a named one that hangs. */
class StoresHealthTest {

    @ApplicationScoped
    public static class Application {
        @Inject
        @ResultStore
        ResultBackend results;
        @Inject
        @ResultStore("archive")
        ResultBackend archive;
    }

    @TempDir
    Path dir;

    private TestConfig config;

    @AfterEach
    void release() {
        HangingStorage.answer();
        config.close();
    }

    private WeldContainer start(Map<String, String> properties) {
        config = new TestConfig(properties);
        return new Weld().disableDiscovery().addExtension(new ResultStoreExtension())
                .addBeanClasses(Application.class, StorageProbe.class, StoresReadinessCheck.class,
                        StoresLivenessCheck.class)
                .initialize();
    }

    private static HealthCheckResponse check(WeldContainer container, java.lang.annotation.Annotation kind) {
        return container.select(HealthCheck.class, kind).get().call();
    }

    @Test
    void readyWhenEveryStoreAnswersWithEachStoreAndItsStorageInTheData() {
        try (WeldContainer container = start(Map.of(
                "resultstore.storage", "filesystem",
                "resultstore.storage.config.location", dir.resolve("default").toString(),
                "resultstore.archive.storage", "filesystem",
                "resultstore.archive.storage.config.location", dir.resolve("archive").toString()))) {
            container.select(ResultBackend.class, ResultStore.Literal.DEFAULT).get().storeSuccess("t-1", "done");

            HealthCheckResponse ready = check(container, Readiness.Literal.INSTANCE);

            assertThat(ready.getName()).isEqualTo("resultstore");
            assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            Map<String, Object> data = ready.getData().orElseThrow();
            assertThat(data).containsEntry("default", "UP").containsEntry("archive", "UP");
            assertThat((String) data.get("default.storage")).contains(dir.resolve("default").toString());
            assertThat((String) data.get("archive.storage")).contains(dir.resolve("archive").toString());
        }
    }

    @Test
    void storageThatStopsAnsweringMakesReadinessDownAfterTheTimeoutWithoutHangingTheCheck() {
        HangingStorage.answers = new CountDownLatch(1);
        try (WeldContainer container = start(Map.of(
                "resultstore.storage", "filesystem",
                "resultstore.storage.config.location", dir.toString(),
                "resultstore.archive.storage", HangingStorage.class.getName(),
                "resultstore.health.timeout", "PT0.2S"))) {

            HealthCheckResponse first = check(container, Readiness.Literal.INSTANCE);
            HealthCheckResponse second = check(container, Readiness.Literal.INSTANCE);

            assertThat(first.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(first.getData().orElseThrow())
                    .containsEntry("default", "UP")
                    .containsEntry("archive", "DOWN")
                    .containsEntry("archive.error", "no answer within PT0.2S (resultstore.health.timeout)");
            assertThat(second.getData().orElseThrow())
                    .containsEntry("archive.error", "an earlier probe has not answered yet");

            HangingStorage.answer();
            // the hung probe finishes once the storage answers; the next check is UP again
            HealthCheckResponse recovered = awaitUp(container);
            assertThat(recovered.getData().orElseThrow()).containsEntry("archive", "UP");
        }
    }

    private static HealthCheckResponse awaitUp(WeldContainer container) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        HealthCheckResponse response;
        do {
            response = check(container, Readiness.Literal.INSTANCE);
        } while (response.getStatus() != HealthCheckResponse.Status.UP && System.nanoTime() < deadline);
        return response;
    }

    @Test
    void livenessListsEveryStoreWithoutTouchingTheStorage() {
        HangingStorage.answers = new CountDownLatch(1);
        try (WeldContainer container = start(Map.of(
                "resultstore.storage", "filesystem",
                "resultstore.storage.config.location", dir.toString(),
                "resultstore.archive.storage", HangingStorage.class.getName()))) {

            HealthCheckResponse live = check(container, Liveness.Literal.INSTANCE);

            assertThat(live.getName()).isEqualTo("resultstore-backends");
            assertThat(live.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(live.getData().orElseThrow()).containsEntry("default", "UP").containsEntry("archive", "UP");
        }
    }
}
