package dev.resultstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.TaskFilter;
import dev.resultstore.TaskState;
import dev.resultstore.TaskSummary;

/**
 * No task left in limbo, on a real Payara Micro and a real WildFly: tasks queued behind a one-thread executor, then
 * the server stopped gracefully, or killed and restarted on the same directory. Afterwards no
 * document is left RECEIVED or STARTED, and finished results are untouched. (A plain test, run
 * once: it starts and stops its own server processes.)
 */
class NodeLifecycleIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** How a test starts a server with a WAR deployed. */
    @FunctionalInterface
    interface Server {
        ServerNode start(WebArchive war) throws Exception;
    }

    static Stream<Arguments> servers() {
        return Stream.of(Arguments.of(Named.of("Payara Micro", (Server) PayaraMicroNode::start)),
                Arguments.of(Named.of("WildFly", (Server) WildFlyNode::start)));
    }

    private ServerNode node;

    @AfterEach
    void stop() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    private static WebArchive war(String results) {
        return Deployments.war("limbo", "resultstore.storage.config.location=" + results,
                "resultstore.node-name=limbo-node", "resultstore.shutdown.grace-period=PT3S")
                .addClasses(LimboTasks.class, LimboTasks.Resource.class, LimboTasks.Api.class);
    }

    private String start(String prefix, int count, long millis) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(node.url() + "api/limbo/" + prefix + "/" + count + "/" + millis))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static ResultBackend reader(String results) {
        return ResultStores.create(Map.of("resultstore.storage", "filesystem", "resultstore.storage.config.location", results,
                "resultstore.node-name", "test-reader"));
    }

    private static Map<String, TaskState> states(ResultBackend results) {
        try (var tasks = results.operations().list(TaskFilter.all())) {
            return tasks.collect(Collectors.toMap(TaskSummary::taskId, TaskSummary::state));
        }
    }

    private static boolean inLimbo(TaskState state) {
        return state == TaskState.RECEIVED || state == TaskState.STARTED;
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aGracefulStopLeavesNoTaskReceivedOrStarted(Server server) throws Exception {
        String results = Deployments.resultsDir("lifecycle/graceful-" + UUID.randomUUID());
        node = server.start(war(results));
        start("long", 1, 120_000);
        start("queued", 5, 100);
        try (ResultBackend reader = reader(results)) {
            Poll.until("the long task started", () -> reader.result("long-0").state() == TaskState.STARTED);
            assertThat(reader.result("queued-4").state()).isEqualTo(TaskState.RECEIVED);

            assertThat(node.stopGracefully()).as("Payara Micro stopped within a minute").isTrue();

            Map<String, TaskState> states = states(reader);
            assertThat(states).hasSize(6);
            assertThat(states.values()).noneMatch(NodeLifecycleIT::inLimbo);
            assertThat(reader.result("long-0").state()).isEqualTo(TaskState.FAILURE);
            assertThat(List.of("queued-0", "queued-1", "queued-2", "queued-3", "queued-4"))
                    .allSatisfy(id -> assertThat(reader.result(id).state()).isIn(TaskState.REVOKED, TaskState.SUCCESS));
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void afterAKillTheRestartedNodeSettlesWhatTheDeadOneLeftAndKeepsFinishedResults(Server server) throws Exception {
        String results = Deployments.resultsDir("lifecycle/crash-" + UUID.randomUUID());
        node = server.start(war(results));
        start("quick", 1, 10);
        try (ResultBackend reader = reader(results)) {
            Poll.until("the quick task finished", () -> reader.result("quick-0").state() == TaskState.SUCCESS);
            start("long", 1, 120_000);
            start("queued", 3, 100);
            Poll.until("the long task started", () -> reader.result("long-0").state() == TaskState.STARTED);

            node.kill();
            assertThat(states(reader).values()).as("the dead node left tasks in limbo").anyMatch(NodeLifecycleIT::inLimbo);

            node = server.start(war(results));
            Poll.until("the restarted node settled every task of the dead one",
                    () -> states(reader).values().stream().noneMatch(NodeLifecycleIT::inLimbo));

            assertThat(reader.result("long-0").failure().orElseThrow().type()).isEqualTo("WorkerLostError");
            assertThat(reader.result("queued-2").state()).isEqualTo(TaskState.REVOKED);
            assertThat(reader.result("quick-0").get()).isEqualTo("done quick-0");
        }
    }

}
