package dev.resultstore.impl.cdi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.resultstore.StoreResult;
import dev.resultstore.TaskId;
import jakarta.enterprise.context.ApplicationScoped;

/** A mistake in a {@code @StoreResult} method fails the deployment, naming the method, before any call. */
class TaskMethodValidationTest {

    @ApplicationScoped
    public static class NumberedTask {
        @StoreResult
        public String run(@TaskId int id) {
            return "never";
        }
    }

    @ApplicationScoped
    public static class TwoIds {
        @StoreResult
        public String run(@TaskId String id, @TaskId String other) {
            return "never";
        }
    }

    @ApplicationScoped
    public static class UnknownStore {
        @StoreResult(store = "reprots")
        public String run(@TaskId String id) {
            return "never";
        }
    }

    private TestConfig config;

    @BeforeEach
    void configure() {
        config = TestConfig.use(Map.of("resultstore.storage", "memory", "resultstore.reports.storage", "memory"));
    }

    @AfterEach
    void release() {
        config.close();
    }

    private static void deploy(Class<?> bean) {
        Weld weld = new Weld().disableDiscovery().addExtension(new ResultStoreExtension()).addBeanClasses(bean);
        try (WeldContainer container = weld.initialize()) {
            container.select(bean).get();
        }
    }

    @Test
    void aTaskIdThatIsNotAStringFailsTheDeployment() {
        assertThatThrownBy(() -> deploy(NumberedTask.class))
                .hasStackTraceContaining(NumberedTask.class.getName() + "#run: its @TaskId parameter 0 is a int; it must be a String");
    }

    @Test
    void twoTaskIdsFailTheDeployment() {
        assertThatThrownBy(() -> deploy(TwoIds.class))
                .hasStackTraceContaining(TwoIds.class.getName() + "#run: parameters 0 and 1 are both @TaskId");
    }

    @Test
    void aStoreThatIsConfiguredNowhereFailsTheDeploymentNamingTheMethod() {
        assertThatThrownBy(() -> deploy(UnknownStore.class))
                .hasStackTraceContaining(UnknownStore.class.getName() + "#run uses store 'reprots', which is not configured")
                .hasStackTraceContaining("resultstore.reprots.storage");
    }
}
