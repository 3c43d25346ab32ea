package dev.resultstore.impl.cdi;

import dev.resultstore.impl.store.DefaultResultBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.Sensitive;
import dev.resultstore.StoreResult;
import dev.resultstore.TaskFailure;
import dev.resultstore.TaskId;
import dev.resultstore.TaskResults;
import dev.resultstore.TaskState;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@EnableWeld
class StoreResultInterceptorTest {

    public record Report(String title, int pages) {
    }

    public static class Unserializable {
        public String getValue() {
            throw new IllegalStateException("cannot be read");
        }
    }

    @Dependent // the test reads its fields, so no client proxy
    public static class ReportTasks {
        final AtomicReference<TaskState> stateSeenInside = new AtomicReference<>();
        final java.util.concurrent.atomic.AtomicInteger plainRuns = new java.util.concurrent.atomic.AtomicInteger();
        final IllegalStateException thrown = new IllegalStateException("printer on fire");

        @Inject
        @ResultStore
        ResultBackend results;

        @StoreResult
        public Report render(@TaskId String id, String title) {
            stateSeenInside.set(results.result(id).state());
            return new Report(title, 12);
        }

        // Never looks at its id, so only the interceptor can refuse a bad one.
        @StoreResult
        public String plain(@TaskId String id) {
            plainRuns.incrementAndGet();
            return "ran";
        }

        @StoreResult
        public Report explode(@TaskId String id) {
            throw thrown;
        }

        @StoreResult
        public CompletableFuture<String> later(@TaskId String id, CompletableFuture<String> source) {
            return source.thenApply(String::toUpperCase);
        }

        @StoreResult
        public CompletionStage<Integer> generated() {
            return CompletableFuture.completedFuture(7);
        }

        @StoreResult(store = "reports")
        public String named(@TaskId String id) {
            return "in reports";
        }

        @StoreResult(store = "audit", name = "audit.login")
        public String login(@TaskId String id, String user, @Sensitive String password) {
            return "welcome " + user;
        }

        @StoreResult
        public Unserializable unserializable(@TaskId String id) {
            return new Unserializable();
        }
    }

    // The configured directory sits inside this one, so a file written next to it would be seen.
    @TempDir
    static Path parent;
    static Path location;
    static TestConfig config;

    @BeforeAll
    static void configure() throws Exception {
        location = Files.createDirectory(parent.resolve("results"));
        config = TestConfig.use(Map.of(
                "resultstore.storage", "filesystem",
                "resultstore.storage.config.location", location.toString(),
                "resultstore.reports.storage", "memory",
                "resultstore.audit.storage", "memory",
                "resultstore.audit.extended", "true",
                "resultstore.audit.node-name", "node-7"));
    }

    @AfterAll
    static void release() {
        config.close();
    }

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
            .addExtension(new ResultStoreExtension()).addBeanClasses(ReportTasks.class)).build();

    @Inject
    ReportTasks tasks;

    @Inject
    @ResultStore
    ResultBackend results;

    @Inject
    @ResultStore("reports")
    ResultBackend reports;

    @Inject
    @ResultStore("audit")
    ResultBackend audit;

    @Test
    void aReturnedValueIsStoredAsSuccessAfterStarted() {
        Report report = tasks.render("r-1", "Q3");

        assertThat(report).isEqualTo(new Report("Q3", 12));
        assertThat(tasks.stateSeenInside).hasValue(TaskState.STARTED);
        assertThat(results.result("r-1", Report.class).value()).contains(new Report("Q3", 12));
        assertThat(location.resolve("celery-task-meta-r-1")).exists();
    }

    @Test
    void anExceptionIsStoredAsFailureAndRethrownUnchanged() {
        assertThatThrownBy(() -> tasks.explode("r-2")).isSameAs(tasks.thrown);

        TaskFailure failure = results.result("r-2").failure().orElseThrow();
        assertThat(failure.type()).isEqualTo("IllegalStateException");
        assertThat(failure.message()).isEqualTo("printer on fire");
        assertThat(results.result("r-2").state()).isEqualTo(TaskState.FAILURE);
    }

    @Test
    void aCompletionStageIsStoredWhenItCompletes() {
        CompletableFuture<String> source = new CompletableFuture<>();

        CompletableFuture<String> stage = tasks.later("r-3", source);

        assertThat(results.result("r-3").state()).isEqualTo(TaskState.STARTED);
        assertThat(TaskResults.taskId(stage)).isEqualTo("r-3");
        source.complete("done");
        assertThat(stage.join()).isEqualTo("DONE");
        assertThat(results.result("r-3").get()).isEqualTo("DONE");
    }

    @Test
    void aFailedCompletionStageIsStoredAsFailureOfItsCause() {
        CompletableFuture<String> source = new CompletableFuture<>();
        tasks.later("r-4", source);

        source.completeExceptionally(new java.io.UncheckedIOException(new java.io.IOException("disk gone")));

        assertThat(results.result("r-4").failure()).hasValueSatisfying(f -> {
            assertThat(f.type()).isEqualTo("UncheckedIOException");
            assertThat(f.module()).isEqualTo("java.io");
        });
    }

    @Test
    void aGeneratedIdIsKnownToTheCallerAtOnce() {
        CompletionStage<Integer> stage = tasks.generated();

        String id = TaskResults.taskId(stage);

        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(results.result(id).get()).isEqualTo(7);
    }

    @Test
    void storeSelectsANamedStore() {
        tasks.named("r-5");

        assertThat(reports.result("r-5").get()).isEqualTo("in reports");
        assertThat(results.result("r-5").exists()).isFalse();
    }

    @Test
    void anUnserializableReturnValueBecomesAFailureThatSaysWhyAndTheCallerStillGetsIt() {
        assertThat(tasks.unserializable("r-6")).isInstanceOf(Unserializable.class);

        TaskFailure failure = results.result("r-6").failure().orElseThrow();
        assertThat(failure.type()).isEqualTo("ResultSerializationException");
        assertThat(failure.message()).contains(Unserializable.class.getName()).contains("cannot be stored as JSON");
    }

    @Test
    void extendedModeStoresNameArgumentsWorkerAndStartTimeButNotSensitiveArguments() throws Exception {
        tasks.login("r-7", "ada", "correct horse");

        assertThat(audit.result("r-7").get()).isEqualTo("welcome ada");
        byte[] stored = ((DefaultResultBackend) unproxied(audit)).configuredStorage()
                .get("celery-task-meta-r-7").orElseThrow();
        String document = new String(stored, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(document).contains("\"name\": \"audit.login\"", "\"args\": [\"r-7\", \"ada\", \"***\"]",
                "\"worker\": \"node-7\"", "\"date_started\": \"").doesNotContain("correct horse");
    }

    @Test
    void aBadTaskIdIsRejectedBeforeTheMethodRuns() throws Exception {
        assertThatThrownBy(() -> tasks.plain("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tasks.plain("bad id with spaces")).isInstanceOf(IllegalArgumentException.class);

        assertThat(tasks.plainRuns).hasValue(0);
        assertThat(location.getParent().resolve("etc")).doesNotExist();
        try (var files = Files.list(location)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("passwd") || n.contains("spaces"));
        }
    }

    private static ResultBackend unproxied(ResultBackend proxy) throws Exception {
        // Weld client proxies expose their instance through TargetInstanceProxy.
        return (ResultBackend) ((org.jboss.weld.proxy.WeldClientProxy) proxy).getMetadata().getContextualInstance();
    }

    @Test
    void noFilesAreLeftOutsideTheConfiguredDirectory() throws Exception {
        tasks.render("r-8", "x");

        assertThat(location.resolve("celery-task-meta-r-8")).exists();
        try (var files = Files.list(parent)) {
            assertThat(files).containsExactly(location);
        }
        try (var files = Files.walk(location)) {
            assertThat(files.filter(p -> !p.equals(location)).map(p -> location.relativize(p).toString()))
                    .allMatch(n -> n.startsWith("celery-task-meta-") || n.startsWith(".resultstore"));
        }
    }
}
