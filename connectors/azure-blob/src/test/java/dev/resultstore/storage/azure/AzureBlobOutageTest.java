package dev.resultstore.storage.azure;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.StorageException;
import dev.resultstore.tck.support.StoresAcrossAnOutage;

/**
 * Azurite goes away for about ten seconds while results are being stored. Each test starts its
 * own Azurite, keeping data on disk so that it survives the restart, and stops it at the end.
 */
class AzureBlobOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void storageCallsFailRetryablyWhileAzuriteIsDownAndWorkAgainWhenItIsBack() throws Exception {
        try (Azurite azurite = Azurite.startPersistent();
                AzureBlobStorage storage = new AzureBlobStorage(azurite.connectionString(), "outage")) {
            storage.setCreateContainer(true);
            storage.setTimeout(Duration.ofSeconds(2));
            storage.start();

            StoresAcrossAnOutage.assertCallsFailRetryablyWhileDown(storage, azurite);
        }
    }

    /**
     * With retries that outlast the outage every call succeeds; with retries that do not, calls fail
     * with {@link StorageException}. Either way no call that returned normally lost its result.
     */
    @ParameterizedTest(name = "{0} retries")
    @ValueSource(ints = {100, 1})
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyResultStoredAcrossAnOutageIsReadableOrWasReportedAsFailed(int maxRetries) throws Exception {
        try (Azurite azurite = Azurite.startPersistent()) {
            Map<String, String> config = new HashMap<>();
            config.put("resultstore.storage", "azure-blob");
            config.put("resultstore.storage.config.connection-string", azurite.connectionString());
            config.put("resultstore.storage.config.container", "outage");
            config.put("resultstore.storage.config.create-container", "true");
            config.put("resultstore.storage.config.timeout", "PT2S");
            // The backoff is jittered (between half and all of 0.5 s, 1 s, then 2 s): 100 retries wait at least
            // 98 s, more than the outage even when a loaded machine takes long to stop and restart Azurite;
            // 1 retry waits at most 0.5 s.
            config.put("resultstore.retry.max-retries", Integer.toString(maxRetries));
            config.put("resultstore.retry.backoff", "PT0.5S");
            config.put("resultstore.retry.max-backoff", "PT2S");
            config.put("resultstore.cleanup.interval", "0");
            try (ResultBackend results = ResultStores.create(config)) {
                StoresAcrossAnOutage.run(results, azurite, 3, 9, OUTAGE).assertNothingLost(maxRetries > 1);
            }
        }
    }
}
