package dev.resultstore.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.management.ThreadMXBean;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultSerializationException;
import dev.resultstore.ResultStores;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskState;

/**
 * state(), dateDone() and exists() of 50 MB documents on real files cost a few kilobytes of
 * heap: the result value is skipped, strictly, as a stream, never loaded. Allocation is measured
 * per thread ({@code getCurrentThreadAllocatedBytes}), not timed.
 */
class LargeDocumentTest {

    private static final int MB = 1 << 20;
    private static final long BOUND = 256 << 10; // the calls measured take about 1–13 KiB
    private static final String DATE_DONE = "2026-11-27T15:21:57.646616";

    @TempDir
    static Path directory;

    @BeforeAll
    static void writeDocuments() throws IOException {
        // Celery's order: the status first, the large result after it.
        write("celery-order", "{\"status\": \"SUCCESS\", \"result\": ", largeResult(50 * MB, null),
                ", \"traceback\": null, \"children\": [], \"date_done\": \"" + DATE_DONE + "\", \"task_id\": \"celery-order\"}");
        // Another writer's order: everything the envelope needs after the large result.
        write("status-last", "{\"result\": ", largeResult(50 * MB, null), ", \"traceback\": null, \"children\": [],"
                + " \"date_done\": \"" + DATE_DONE + "\", \"task_id\": \"status-last\", \"status\": \"SUCCESS\"}");
        // A raw control character deep inside a string of the result: not JSON.
        write("broken-deep", "{\"result\": ", largeResult(20 * MB, "\u0001"), ", \"status\": \"SUCCESS\"}");
    }

    private static ResultBackend store(String... more) {
        Map<String, String> config = new HashMap<>(Map.of("resultstore.storage", "filesystem",
                "resultstore.storage.config.location", directory.toString()));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return ResultStores.create(config);
    }

    @Test
    void theStateOfA50MegabyteDocumentCostsAFewKilobytes() {
        try (ResultBackend results = store()) {
            warmUp(results);
            for (String taskId : new String[] {"celery-order", "status-last"}) {
                assertThat(allocatedBy(() -> results.result(taskId).state())).as(taskId).isLessThan(BOUND);
                assertThat(results.result(taskId).state()).isEqualTo(TaskState.SUCCESS);
                assertThat(allocatedBy(() -> results.result(taskId).stateName())).as(taskId).isLessThan(BOUND);
            }
        }
    }

    @Test
    void dateDoneAfterA50MegabyteResultIsReadWithoutLoadingIt() {
        try (ResultBackend results = store()) {
            warmUp(results);
            for (String taskId : new String[] {"celery-order", "status-last"}) {
                assertThat(allocatedBy(() -> results.result(taskId).dateDone())).as(taskId).isLessThan(BOUND);
                assertThat(results.result(taskId).dateDone()).contains(Instant.parse(DATE_DONE + "Z"));
            }
        }
    }

    @Test
    void existsReadsNothing() {
        try (ResultBackend results = store()) {
            warmUp(results);
            assertThat(allocatedBy(() -> results.result("status-last").exists())).isLessThan(BOUND);
            assertThat(results.result("status-last").exists()).isTrue();
            assertThat(results.result("never-stored").exists()).isFalse();
        }
    }

    @Test
    void aSmallReadyDocumentIsReadOnceForItsStateAndItsValueAndALargeOnceForItsState(@TempDir Path counted) {
        try (ResultBackend results = Backends.create("resultstore.storage", RecordingStorage.class.getName(),
                "resultstore.storage.config.location", counted.toString())) {
            RecordingStorage storage = Backends.storage(results);
            results.storeSuccess("small", Map.of("pages", 12));
            results.storeSuccess("large", "l".repeat(64 << 10));

            int before = storage.getNanos.size();
            TaskResult<Object> small = results.result("small");
            assertThat(small.state()).isEqualTo(TaskState.SUCCESS);
            assertThat(small.value()).contains(Map.of("pages", 12));
            assertThat(small.dateDone()).isPresent();
            assertThat(storage.getNanos.size() - before).isEqualTo(1);

            before = storage.getNanos.size();
            TaskResult<Object> large = results.result("large");
            assertThat(large.state()).isEqualTo(TaskState.SUCCESS);
            assertThat(large.state()).isEqualTo(TaskState.SUCCESS);
            assertThat(storage.getNanos.size() - before).isEqualTo(1);
        }
    }

    @Test
    void aDocumentOverTheSizeLimitStillAnswersItsStateButNotItsValue() {
        try (ResultBackend results = store("resultstore.max-result-size", "10MiB")) {
            assertThat(results.result("status-last").state()).isEqualTo(TaskState.SUCCESS);
            assertThat(results.result("status-last").dateDone()).contains(Instant.parse(DATE_DONE + "Z"));
            assertThatThrownBy(() -> results.result("status-last").get()).isInstanceOf(ResultSerializationException.class)
                    .hasMessageContaining("'celery-task-meta-status-last'")
                    .hasMessageContaining("larger than resultstore.max-result-size");
        }
    }

    @Test
    void aMalformedValueSkippedOnTheWayToTheStatusIsStillRefusedNamingTheKey() {
        try (ResultBackend results = store()) {
            warmUp(results);
            assertThatThrownBy(() -> results.result("broken-deep").state())
                    .isInstanceOf(ResultSerializationException.class)
                    .hasMessageContaining("'celery-task-meta-broken-deep'")
                    .hasMessageContaining("a control character in a string");
            // exists() says a document is there, readable or not
            assertThat(results.result("broken-deep").exists()).isTrue();
        }
    }

    @Test
    void aStatusTooLongToHoldIsRefusedNamingTheKey() throws IOException {
        write("long-status", "{\"status\": \"", new byte[][] {"P".repeat(4096).getBytes(StandardCharsets.US_ASCII)},
                "\", \"result\": null}");
        try (ResultBackend results = store("resultstore.max-result-size", "1KiB")) {
            assertThatThrownBy(() -> results.result("long-status").state()).isInstanceOf(ResultSerializationException.class)
                    .hasMessageContaining("'celery-task-meta-long-status'").hasMessageContaining("longer than 1024 characters");
        }
    }

    @Test
    void anEncryptedDocumentsExistenceIsKnownWithoutDecryptingIt() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try (ResultBackend results = store("resultstore.encryption.key", Base64.getEncoder().encodeToString(key))) {
            results.storeSuccess("encrypted-large", "z".repeat(8 * MB));
            warmUp(results);

            assertThat(allocatedBy(() -> results.result("encrypted-large").exists())).isLessThan(BOUND);
            assertThat(results.result("encrypted-large").exists()).isTrue();
            assertThat(results.result("encrypted-large").state()).isEqualTo(TaskState.SUCCESS);
        }
    }

    // The first calls load classes and fill caches: measure what a call costs after them.
    private static void warmUp(ResultBackend results) {
        results.storeSuccess("warm-up", Map.of("a", "w".repeat(64 << 10)));
        results.result("warm-up").state();
        results.result("warm-up").dateDone();
        results.result("warm-up").exists();
    }

    private static long allocatedBy(Supplier<?> call) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        call.get();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    /**
     * A JSON array of about {@code size} bytes of varied values (nested objects, escapes, UTF-8,
     * numbers), written in pieces; {@code poison} is put raw into a string in its middle.
     */
    private static byte[][] largeResult(int size, String poison) {
        StringBuilder piece = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            piece.append("{\"n\": ").append(i * 7919L - 4000).append(", \"x\": -1.5e-7, \"t\": \"caf\u00e9 \\u00e9 \\\"q\\\" \\n ")
                    .append("\ud83d\ude00 \u4e2d\", \"a\": [true, false, null, [[{}], []], 0], \"s\": \"")
                    .append("abcdefghij".repeat(20)).append("\"}, ");
        }
        byte[] block = piece.toString().getBytes(StandardCharsets.UTF_8);
        int count = size / block.length;
        byte[][] parts = new byte[count + 2][];
        parts[0] = "[".getBytes(StandardCharsets.US_ASCII);
        for (int i = 1; i <= count; i++) {
            parts[i] = block;
        }
        parts[count / 2] = poison == null ? block
                : ("\"" + poison + "\", ").getBytes(StandardCharsets.UTF_8);
        parts[count + 1] = "0]".getBytes(StandardCharsets.US_ASCII);
        return parts;
    }

    private static void write(String taskId, String head, byte[][] body, String tail) throws IOException {
        try (OutputStream out = Files.newOutputStream(directory.resolve("celery-task-meta-" + taskId))) {
            out.write(head.getBytes(StandardCharsets.UTF_8));
            for (byte[] part : body) {
                out.write(part);
            }
            out.write(tail.getBytes(StandardCharsets.UTF_8));
        }
    }
}
