package dev.resultstore.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultSerializationException;
import dev.resultstore.ResultStoreConfigurationException;
import dev.resultstore.ResultStores;
import dev.resultstore.TaskState;

/** Bounded cost per document and encryption at rest, through the public API on real files. */
class SecurityTest {

    @TempDir
    Path directory;

    private Map<String, String> config(String... more) {
        Map<String, String> config = new HashMap<>(Map.of("resultstore.storage", "filesystem",
                "resultstore.storage.config.location", directory.toString()));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return config;
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void aResultLargerThanTheLimitIsStoredAsAFailureSayingWhy() {
        try (ResultBackend results = ResultStores.create(config("resultstore.max-result-size", "1KiB"))) {
            assertThatThrownBy(() -> results.storeSuccess("big", "x".repeat(2000)))
                    .isInstanceOf(ResultSerializationException.class).hasMessageContaining("resultstore.max-result-size (1024 bytes)");

            assertThat(results.result("big").state()).isEqualTo(TaskState.FAILURE);
            assertThat(results.result("big").failure().orElseThrow().message()).contains("more than resultstore.max-result-size");
        }
    }

    @Test
    void aStoredValueLargerThanTheLimitIsRefusedNamingItsKeyWhileItsStateIsAnswered() {
        try (ResultBackend unlimited = ResultStores.create(config("resultstore.max-result-size", "0"));
             ResultBackend limited = ResultStores.create(config("resultstore.max-result-size", "1KiB"))) {
            unlimited.storeSuccess("huge", "y".repeat(5000));

            assertThatThrownBy(() -> limited.result("huge").get()).isInstanceOf(ResultSerializationException.class)
                    .hasMessageContaining("'celery-task-meta-huge'").hasMessageContaining("larger than resultstore.max-result-size (1024 bytes)");
            assertThat(limited.result("huge").state()).isEqualTo(TaskState.SUCCESS);
            assertThat(limited.result("huge").exists()).isTrue();
            assertThat(unlimited.result("huge").get()).isEqualTo("y".repeat(5000));
        }
    }

    @Test
    void anEncryptedDocumentLargerThanTheLimitIsRefusedWithoutReadingOrDecryptingItWhole() {
        String key = newKey();
        try (ResultBackend unlimited = ResultStores.create(config("resultstore.encryption.key", key, "resultstore.max-result-size", "0"));
             ResultBackend limited = ResultStores.create(config("resultstore.encryption.key", key, "resultstore.max-result-size", "1KiB"))) {
            unlimited.storeSuccess("huge", "y".repeat(20 << 20));
            unlimited.storeSuccess("small", "y".repeat(600));

            long before = allocated();
            assertThatThrownBy(() -> limited.result("huge").get()).isInstanceOf(ResultSerializationException.class)
                    .hasMessageContaining("'celery-task-meta-huge'").hasMessageContaining("larger than resultstore.max-result-size (1024 bytes)");
            long used = allocated() - before;

            assertThat(used).as("bytes allocated to refuse a 20 MiB sealed document").isLessThan(1 << 20);
            assertThat(limited.result("small").get()).isEqualTo("y".repeat(600));
            assertThat(limited.result("huge").exists()).isTrue();
            assertThat(unlimited.result("huge").get()).isEqualTo("y".repeat(20 << 20));
        }
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void encryptedResultsReadBackAndTheFilesHoldNoPlainText() throws Exception {
        String key = newKey();
        try (ResultBackend results = ResultStores.create(config("resultstore.encryption.key", key))) {
            results.storeSuccess("secret", Map.of("iban", "DE89370400440532013000"));

            assertThat(results.result("secret").get()).isEqualTo(Map.of("iban", "DE89370400440532013000"));
        }
        byte[] onDisk = Files.readAllBytes(directory.resolve("celery-task-meta-secret"));
        assertThat(new String(onDisk, StandardCharsets.ISO_8859_1)).doesNotContain("DE89", "SUCCESS", "status");

        try (ResultBackend other = ResultStores.create(config("resultstore.encryption.key", newKey()))) {
            assertThatThrownBy(() -> other.result("secret").state()).isInstanceOf(ResultSerializationException.class)
                    .hasMessageContaining("celery-task-meta-secret");
        }
        try (ResultBackend rotated = ResultStores.create(config("resultstore.encryption.key", newKey(),
                "resultstore.encryption.previous-keys", key))) {
            assertThat(rotated.result("secret").state()).isEqualTo(TaskState.SUCCESS);
        }
    }

    @Test
    void aBadKeyFailsTheConfigurationWithoutEchoingIt() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> ResultStores.create(config("resultstore.encryption.key", shortKey)))
                .isInstanceOf(ResultStoreConfigurationException.class)
                .hasMessageContaining("resultstore.encryption.key: decodes to 16 bytes")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortKey));
        assertThatThrownBy(() -> ResultStores.create(config("resultstore.max-result-size", "lots")))
                .isInstanceOf(ResultStoreConfigurationException.class).hasMessageContaining("resultstore.max-result-size");
    }
}
