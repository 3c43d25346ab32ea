package dev.resultstore.impl.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.StoreResult;
import dev.resultstore.TaskId;
import dev.resultstore.TaskState;
import dev.resultstore.TaskStateChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

/** Every stored state fires {@link TaskStateChanged}, to synchronous and asynchronous observers. */
class StateEventsTest {

    static final List<TaskStateChanged> SEEN = new CopyOnWriteArrayList<>();
    static final List<TaskStateChanged> SEEN_ASYNC = new CopyOnWriteArrayList<>();
    static volatile CountDownLatch asyncSuccess;

    @ApplicationScoped
    public static class Observer {
        void seen(@Observes TaskStateChanged event) {
            SEEN.add(event);
        }

        void seenAsync(@ObservesAsync TaskStateChanged event) {
            SEEN_ASYNC.add(event);
            if (event.state() == TaskState.SUCCESS) {
                asyncSuccess.countDown();
            }
        }
    }

    @ApplicationScoped
    public static class Tasks {
        @StoreResult
        public String work(@TaskId String id) {
            return "worked";
        }
    }

    private TestConfig config;

    @BeforeEach
    void configure() {
        config = TestConfig.use(Map.of("resultstore.storage", "memory"));
        SEEN.clear();
        SEEN_ASYNC.clear();
        asyncSuccess = new CountDownLatch(1);
    }

    @AfterEach
    void release() {
        config.close();
    }

    @Test
    void eachStoredStateIsObservedSynchronouslyAndAsynchronously() throws Exception {
        try (WeldContainer container = new Weld().disableDiscovery().addExtension(new ResultStoreExtension())
                .addBeanClasses(Observer.class, Tasks.class).initialize()) {
            container.select(Tasks.class).get().work("e-1");
            ResultBackend results = container.select(ResultBackend.class, ResultStore.Literal.DEFAULT).get();
            results.storeState("e-1", TaskState.STARTED); // refused: SUCCESS is stored, so no event

            assertThat(SEEN).extracting(TaskStateChanged::taskId, TaskStateChanged::state, TaskStateChanged::store)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("e-1", TaskState.STARTED, ""),
                            org.assertj.core.groups.Tuple.tuple("e-1", TaskState.SUCCESS, ""));
            assertThat(asyncSuccess.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(SEEN_ASYNC).extracting(TaskStateChanged::state).contains(TaskState.SUCCESS);
        }
    }

    @Test
    void withoutObserversStoringFiresNothing() {
        try (WeldContainer container = new Weld().disableDiscovery().addExtension(new ResultStoreExtension())
                .addBeanClasses(Tasks.class).initialize()) {
            container.select(Tasks.class).get().work("e-2");

            assertThat(SEEN).isEmpty();
        }
    }
}
