package dev.resultstore.impl;

import org.junit.jupiter.api.Test;

import dev.resultstore.ResultBackend;
import dev.resultstore.StorageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryTest {

    private static ResultBackend flaky(String failWith, int failures, String... more) {
        String[] config = new String[8 + more.length];
        System.arraycopy(new String[] {"resultstore.storage", FlakyStorage.class.getName(),
            "resultstore.storage.config.fail-with", failWith,
            "resultstore.storage.config.failures", Integer.toString(failures),
            "resultstore.retry.backoff", "PT0.001S"}, 0, config, 0, 8);
        System.arraycopy(more, 0, config, 8, more.length);
        return Backends.create(config);
    }

    @Test
    void anAlwaysFailingStorageIsTriedFourTimesWithThreeRetriesThenStorageExceptionNamesTaskAndStore() {
        try (ResultBackend results = flaky("io", Integer.MAX_VALUE, "resultstore.retry.max-retries", "3")) {
            FlakyStorage storage = Backends.storage(results);

            assertThatThrownBy(() -> results.storeSuccess("t1", "lost?"))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("write the result of task t1")
                    .hasMessageContaining("store 'default' (" + FlakyStorage.class.getName() + ")")
                    .hasMessageContaining("after 4 attempts")
                    .hasRootCauseMessage("connection reset (simulated)");
            assertThat(storage.attempts).hasValue(4);
        }
    }

    @Test
    void aNonRetryableExceptionIsTriedOnce() {
        try (ResultBackend results = flaky("state", Integer.MAX_VALUE, "resultstore.retry.max-retries", "3")) {
            FlakyStorage storage = Backends.storage(results);

            assertThatThrownBy(() -> results.storeSuccess("t2", "x"))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("task t2")
                    .hasMessageContaining("access denied (simulated)");
            assertThat(storage.attempts).hasValue(1);
        }
    }

    @Test
    void aTransientFailureIsRetriedAndTheResultStored() {
        try (ResultBackend results = flaky("io", 2)) {
            FlakyStorage storage = Backends.storage(results);

            results.storeSuccess("t3", "kept");

            assertThat(storage.attempts).hasValue(3);
            assertThat(results.result("t3").get()).isEqualTo("kept");
        }
    }

    @Test
    void retryOnChoosesWhichExceptionsAreSafeToRetry() {
        try (ResultBackend results = flaky("state", Integer.MAX_VALUE, "resultstore.retry.max-retries", "2",
                "resultstore.retry.on", "java.lang.IllegalStateException")) {
            FlakyStorage storage = Backends.storage(results);

            assertThatThrownBy(() -> results.storeSuccess("t4", "x")).isInstanceOf(StorageException.class);
            assertThat(storage.attempts).hasValue(3);
        }
    }

    @Test
    void zeroRetriesMeansOneAttempt() {
        try (ResultBackend results = flaky("io", Integer.MAX_VALUE, "resultstore.retry.max-retries", "0")) {
            FlakyStorage storage = Backends.storage(results);

            assertThatThrownBy(() -> results.result("t5").state()).isInstanceOf(StorageException.class)
                    .hasMessageContaining("read the result of task t5").hasMessageContaining("after 1 attempt:");
            assertThat(storage.attempts).hasValue(1);
        }
    }
}
