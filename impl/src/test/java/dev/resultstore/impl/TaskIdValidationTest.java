package dev.resultstore.impl;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.resultstore.ResultBackend;
import dev.resultstore.TaskState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskIdValidationTest {

    @TempDir
    Path location;

    ResultBackend results;
    RecordingStorage storage;
    ExecutorService executor = Executors.newSingleThreadExecutor();

    @BeforeEach
    void open() {
        results = Backends.create("resultstore.storage", RecordingStorage.class.getName(),
                "resultstore.storage.config.location", location.toString());
        storage = Backends.storage(results);
    }

    @AfterEach
    void close() {
        results.close();
        executor.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/abs", "", "a\0b", "a/b", "a\\b", ".", "..", "with space", "ünïcode", "a\nb", "x?y", "a*"})
    void invalidIdsAreRejectedBeforeAnyStorageCall(String taskId) {
        assertRejectedEverywhere(taskId);
    }

    @Test
    void idsLongerThan255CharactersAreRejected() {
        assertRejectedEverywhere("a".repeat(256));
    }

    @Test
    void nullIsRejected() {
        assertRejectedEverywhere(null);
    }

    private void assertRejectedEverywhere(String taskId) {
        Consumer<String>[] calls = calls();
        for (Consumer<String> call : calls) {
            assertThatThrownBy(() -> call.accept(taskId)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Task id");
        }
        assertThat(storage.calls).as("storage calls").hasValue(0);
        assertThat(location.toFile().list()).as("only the storage's own entries (its lock directory)").allMatch(name -> name.startsWith(".resultstore-"));
    }

    @SuppressWarnings("unchecked")
    private Consumer<String>[] calls() {
        return new Consumer[] {
            id -> results.result((String) id),
            id -> results.result((String) id, String.class),
            id -> results.markStarted((String) id),
            id -> results.storeSuccess((String) id, "v"),
            id -> results.storeFailure((String) id, new RuntimeException()),
            id -> results.storeState((String) id, TaskState.REVOKED),
            id -> results.forget((String) id),
            id -> results.submit((String) id == null ? "" : (String) id, executor, () -> "never runs"),
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "5c1f2f0e-8a3b-4d1c-9e77-0b3c2a1d9f10", "a.b", "x:y@z", "...a", "_-_", "A.B.C:1@host-2"})
    void validIdsWork(String taskId) {
        results.storeSuccess(taskId, 1);

        assertThat(results.result(taskId).get()).isEqualTo(1);
    }

    @Test
    void aTwoHundredFiftyFiveCharacterIdWorks() {
        String taskId = "z".repeat(255);

        results.storeSuccess(taskId, "long");

        assertThat(results.result(taskId).get()).isEqualTo("long");
    }

    @Test
    void theMessageSaysWhatIsWrong() {
        assertThatThrownBy(() -> results.result("../x")).hasMessageContaining("'/'").hasMessageContaining("position 2");
        assertThatThrownBy(() -> results.result("a".repeat(300))).hasMessageContaining("300").hasMessageContaining("255");
        assertThatThrownBy(() -> results.result("a\0b")).hasMessageContaining("U+0000");
    }
}
