package dev.resultstore.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.tck.support.StateRace;

/**
 * Two nodes (two backends, each with its own storage client, as in two JVMs) share one container.
 * One stores SUCCESS while the other, late, keeps storing STARTED for the same task until SUCCESS is
 * in ({@link StateRace}): the ETag conditions must keep SUCCESS, whoever's request lands last.
 */
@ExtendWith(AzuriteExtension.class)
class AzureBlobStateRaceTest {

    /** The connector, counting the conditional writes Azurite refused (the other node wrote first). */
    public static class ConflictCountingStorage extends AzureBlobStorage {
        static final AtomicInteger CONFLICTS = new AtomicInteger();

        @Override
        public boolean putIfVersion(String key, byte[] value, String expectedVersion) throws java.io.IOException {
            return counted(super.putIfVersion(key, value, expectedVersion));
        }

        @Override
        public boolean putIfAbsent(String key, byte[] value) throws java.io.IOException {
            return counted(super.putIfAbsent(key, value));
        }

        private static boolean counted(boolean written) {
            if (!written) {
                CONFLICTS.incrementAndGet();
            }
            return written;
        }
    }

    private static final int ROUNDS = 100;

    private final Azurite azurite;

    AzureBlobStateRaceTest(Azurite azurite) {
        this.azurite = azurite;
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aLateStartedFromAnotherNodeNeverReplacesSuccess() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("resultstore.storage", ConflictCountingStorage.class.getName());
        config.put("resultstore.storage.config.connection-string", azurite.connectionString());
        config.put("resultstore.storage.config.container", "race");
        config.put("resultstore.storage.config.create-container", "true");
        config.put("resultstore.cleanup.interval", "0");
        ConflictCountingStorage.CONFLICTS.set(0);

        StateRace.run(config, ROUNDS).assertSuccessNeverReplaced();

        System.out.printf("%d rounds: %d conditional writes refused%n", ROUNDS, ConflictCountingStorage.CONFLICTS.get());
        // Otherwise the writes never overlapped and the ETag conditions were not put to the test.
        assertThat(ConflictCountingStorage.CONFLICTS).as("conditional writes refused because the other node wrote first")
                .hasPositiveValue();
    }
}
