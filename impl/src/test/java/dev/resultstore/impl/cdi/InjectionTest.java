package dev.resultstore.impl.cdi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.ResultStoreConfigurationException;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.inject.Inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The extension in a real CDI container (Weld SE, as in WildFly), configured through the
 * MicroProfile Config API.
 */
class InjectionTest {

    @Dependent // fields are read directly, so no client proxy
    public static class Client {
        @Inject
        @ResultStore
        ResultBackend results;

        @Inject
        @ResultStore("reports")
        ResultBackend reports;

        @Inject
        ResultBackend unqualified;
    }

    @Dependent // fields are read directly, so no client proxy
    public static class AuditClient {
        @Inject
        @ResultStore("audit")
        ResultBackend audit;
    }

    @TempDir
    Path location;

    private static Weld weld(Class<?>... beans) {
        return new Weld().disableDiscovery().addExtension(new ResultStoreExtension()).addBeanClasses(beans);
    }

    @Test
    void defaultAndNamedStoresAreInjectedFromTheirOwnKeys() throws Exception {
        try (TestConfig config = TestConfig.use(Map.of(
                "resultstore.storage", "filesystem",
                "resultstore.storage.config.location", location.toString(),
                "resultstore.reports.storage", "memory"));
             WeldContainer container = weld(Client.class).initialize()) {
            Client client = container.select(Client.class).get();

            client.results.storeSuccess("abc", 42);
            client.reports.storeSuccess("q3", "report");

            assertThat(client.results.name()).isEmpty();
            assertThat(client.reports.name()).isEqualTo("reports");
            assertThat(Files.readString(location.resolve("celery-task-meta-abc"))).contains("\"result\": 42");
            assertThat(location.resolve("celery-task-meta-q3")).doesNotExist();
            assertThat(client.reports.result("q3").get()).isEqualTo("report");
            assertThat(client.unqualified.result("abc").get()).isEqualTo(42);
        }
    }

    @Test
    void everyNameUsedAtAnInjectionPointGetsABeanAndIsClosedAtShutdown() {
        int closedBefore = dev.resultstore.impl.RecordingStorageAccess.closed();
        try (TestConfig config = TestConfig.use(Map.of(
                "resultstore.storage", "memory",
                "resultstore.audit.storage", dev.resultstore.impl.RecordingStorageAccess.className(),
                "resultstore.audit.storage.config.location", location.toString()));
             WeldContainer container = weld(AuditClient.class).initialize()) {
            AuditClient client = container.select(AuditClient.class).get();
            client.audit.storeSuccess("a1", true);
            assertThat(location.resolve("celery-task-meta-a1")).exists();
            assertThat(container.select(ResultBackend.class, ResultStore.Literal.of("audit")).isResolvable()).isTrue();
        }
        assertThat(dev.resultstore.impl.RecordingStorageAccess.closed()).isEqualTo(closedBefore + 1);
    }

    @Test
    void aMisconfiguredDeploymentFailsListingEveryBadKeyOfEveryStore() {
        Throwable failure;
        try (TestConfig config = TestConfig.use(Map.of(
                "resultstore.storage", "com.example.NoSuchStorage",
                "resultstore.expires", "soon",
                "resultstore.reports.storage", "filesystem",
                "resultstore.reports.storage.config.colour", "red",
                "resultstore.reports.storage.config.account-key", "s3cr3t-value"))) {
            failure = catchThrowable(() -> weld(Client.class).initialize().close());
        }

        assertThat(failure).isInstanceOf(DeploymentException.class);
        Throwable cause = failure;
        while (cause != null && !(cause instanceof ResultStoreConfigurationException)) {
            cause = cause.getCause();
        }
        assertThat(cause).isNotNull();
        ResultStoreConfigurationException problems = (ResultStoreConfigurationException) cause;
        assertThat(problems.problems()).hasSize(4);
        assertThat(problems.getMessage()).contains("resultstore.storage: class com.example.NoSuchStorage",
                "resultstore.expires: 'soon'", "resultstore.reports.storage.config.colour: unknown parameter",
                "resultstore.reports.storage.config.account-key: unknown parameter")
                .doesNotContain("s3cr3t-value");
    }

    @Test
    void withoutConfigurationTheDefaultStoreIsTheFilesystemInAPersistentDirectory(@TempDir Path serverData) {
        System.setProperty("jboss.server.data.dir", serverData.toString());
        try (TestConfig config = TestConfig.use(Map.of());
             WeldContainer container = weld(Client.class).initialize()) {
            container.select(Client.class).get().results.storeSuccess("zero-config", "ok");
        } finally {
            System.clearProperty("jboss.server.data.dir");
        }
        assertThat(serverData.resolve("resultstore/celery-task-meta-zero-config")).exists();
    }
}
