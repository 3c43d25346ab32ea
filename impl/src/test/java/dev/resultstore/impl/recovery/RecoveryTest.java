package dev.resultstore.impl.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.TaskFailure;
import dev.resultstore.TaskState;

/**
 * A node that starts settles what an earlier, crashed instance of itself left unfinished, leaves
 * finished results and live writers alone, and with {@code orphans.after} settles other nodes'
 * stale documents too.
 */
class RecoveryTest {

    @TempDir
    Path directory;

    private Map<String, String> config(String node, String... more) {
        Map<String, String> config = new HashMap<>(Map.of("resultstore.storage", "filesystem",
                "resultstore.storage.config.location", directory.toString(), "resultstore.node-name", node));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return config;
    }

    // A document as a node writes it, owned by the given instance.
    private void write(String taskId, String status, String owner) throws Exception {
        String result = status.equals("STARTED") ? "{\"pid\": 41, \"hostname\": \"node-1\"}" : "null";
        String document = "{\"status\": \"" + status + "\", \"result\": " + result + ", \"traceback\": null, \"children\": [],"
                + " \"date_done\": null, \"task_id\": \"" + taskId + "\", \"resultstore_owner\": \"" + owner + "\"}";
        Files.writeString(directory.resolve("celery-task-meta-" + taskId), document, StandardCharsets.UTF_8);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within 20 s: " + what);
            }
            Thread.sleep(20); // polling a condition with a deadline, not ordering
        }
    }

    @Test
    void aRestartedNodeSettlesWhatItsDeadInstanceLeftAndNothingElse() throws Exception {
        write("was-running", "STARTED", "node-1/4242@1");
        write("was-queued", "RECEIVED", "node-1/4242@1");
        write("other-node", "STARTED", "node-2/77@1");
        try (ResultBackend before = ResultStores.create(config("node-1"))) {
            before.storeSuccess("finished", "kept");
            before.markStarted("running-here"); // this very instance: alive
        }

        try (ResultBackend restarted = ResultStores.create(config("node-1"))) {
            await("the dead instance's tasks are settled",
                    () -> restarted.result("was-running").ready() && restarted.result("was-queued").ready());

            TaskFailure lost = restarted.result("was-running").failure().orElseThrow();
            assertThat(lost.type()).isEqualTo("WorkerLostError");
            assertThat(lost.module()).isEqualTo("billiard.exceptions");
            assertThat(restarted.result("was-queued").state()).isEqualTo(TaskState.REVOKED);
            assertThat(restarted.result("finished").get()).isEqualTo("kept");
            assertThat(restarted.result("other-node").state()).isEqualTo(TaskState.STARTED);
            assertThat(restarted.result("running-here").state()).isEqualTo(TaskState.STARTED);
        }
    }

    @Test
    void orphansOfNodesThatNeverCameBackAreSettledAfterTheConfiguredAge() throws Exception {
        write("stale", "STARTED", "node-9/1@1");
        write("fresh", "STARTED", "node-9/1@1");
        Files.setLastModifiedTime(directory.resolve("celery-task-meta-stale"), FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        try (ResultBackend node = ResultStores.create(config("node-1", "resultstore.orphans.after", "PT1H"))) {
            await("the stale orphan is settled", () -> node.result("stale").ready());

            assertThat(node.result("stale").failure().orElseThrow().type()).isEqualTo("WorkerLostError");
            assertThat(node.result("fresh").state()).isEqualTo(TaskState.STARTED);
        }
    }

    @Test
    void nonReadyDocumentsNameTheirWriterAndReadyOnesDoNot() throws Exception {
        try (ResultBackend node = ResultStores.create(config("node-5"))) {
            node.markStarted("t");
            String started = Files.readString(directory.resolve("celery-task-meta-t"));
            node.storeSuccess("t", 1);
            String done = Files.readString(directory.resolve("celery-task-meta-t"));

            assertThat(started).contains("\"resultstore_owner\": \"node-5/");
            assertThat(done).doesNotContain("resultstore_owner");
        }
    }
}
