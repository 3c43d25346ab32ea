package dev.resultstore.impl.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.resultstore.ResultSerializationException;
import dev.resultstore.storage.memory.MemoryStorage;

class EncryptingStorageTest {

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private final MemoryStorage memory = new MemoryStorage();
    private final byte[] key = key();
    private final EncryptingStorage storage = new EncryptingStorage(memory, key, List.of(), 0);

    @Test
    void valuesRoundTripAndTheStorageNeverSeesThePlainText() throws Exception {
        byte[] document = "{\"status\": \"SUCCESS\", \"result\": \"card 4111-1111\"}".getBytes(UTF_8);
        storage.put("celery-task-meta-a", document);

        assertThat(storage.get("celery-task-meta-a")).contains(document);
        assertThat(new String(memory.get("celery-task-meta-a").orElseThrow(), UTF_8)).doesNotContain("4111", "status");
        assertThat(storage.getVersioned("celery-task-meta-a").orElseThrow().value()).isEqualTo(document);
    }

    @Test
    void theSameValueEncryptsDifferentlyEachTime() throws Exception {
        storage.put("k1", "same".getBytes(UTF_8));
        byte[] first = memory.get("k1").orElseThrow();
        storage.put("k1", "same".getBytes(UTF_8));

        assertThat(memory.get("k1").orElseThrow()).isNotEqualTo(first);
    }

    @Test
    void aTamperedDocumentIsRefusedNamingItsKey() throws Exception {
        storage.put("celery-task-meta-t", "{\"status\": \"SUCCESS\"}".getBytes(UTF_8));
        byte[] stored = memory.get("celery-task-meta-t").orElseThrow();
        stored[stored.length - 20] ^= 1;
        memory.put("celery-task-meta-t", stored);

        assertThatThrownBy(() -> storage.get("celery-task-meta-t")).isInstanceOf(ResultSerializationException.class)
                .hasMessageContaining("'celery-task-meta-t'").hasMessageContaining("failed authentication");
    }

    @Test
    void aDocumentMovedToAnotherKeyIsRefused() throws Exception {
        storage.put("celery-task-meta-x", "{\"status\": \"SUCCESS\", \"result\": 1}".getBytes(UTF_8));
        memory.put("celery-task-meta-y", memory.get("celery-task-meta-x").orElseThrow());

        assertThatThrownBy(() -> storage.get("celery-task-meta-y")).isInstanceOf(ResultSerializationException.class)
                .hasMessageContaining("moved from another key");
    }

    @Test
    void anUnknownKeyIsRefusedAndPreviousKeysStillRead() throws Exception {
        storage.put("k", "old secret".getBytes(UTF_8));
        byte[] next = key();

        EncryptingStorage withoutOld = new EncryptingStorage(memory, next, List.of(), 0);
        assertThatThrownBy(() -> withoutOld.get("k")).isInstanceOf(ResultSerializationException.class)
                .hasMessageContaining("neither resultstore.encryption.key nor one of resultstore.encryption.previous-keys");

        EncryptingStorage rotated = new EncryptingStorage(memory, next, List.of(key), 0);
        assertThat(rotated.get("k")).contains("old secret".getBytes(UTF_8));
        rotated.put("k", "new".getBytes(UTF_8));
        assertThatThrownBy(() -> storage.get("k")).as("the old key alone cannot read new values")
                .isInstanceOf(ResultSerializationException.class);
    }

    @Test
    void aPlainDocumentIsNotReadAsAResult() throws Exception {
        memory.put("celery-task-meta-p", "{\"status\": \"SUCCESS\", \"result\": 1}".getBytes(UTF_8));

        assertThatThrownBy(() -> storage.get("celery-task-meta-p")).isInstanceOf(ResultSerializationException.class)
                .hasMessageContaining("is not encrypted");
    }

    @Test
    void keysMustHave32Bytes() {
        assertThatThrownBy(() -> new EncryptingStorage(memory, new byte[16], List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }
}
