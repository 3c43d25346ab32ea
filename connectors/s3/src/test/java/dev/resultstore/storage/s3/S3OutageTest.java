package dev.resultstore.storage.s3;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.StorageException;
import dev.resultstore.tck.support.StoresAcrossAnOutage;

/**
 * s3proxy goes away for about ten seconds while results are being stored, then comes back on the
 * same port. Each test starts its own s3proxy keeping objects in files, so that they survive the
 * restart, and stops it at the end.
 */
class S3OutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @TempDir
    Path data;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void storageCallsFailRetryablyWhileS3IsDownAndWorkAgainWhenItIsBack() throws Exception {
        try (S3Proxy s3proxy = S3Proxy.startOnDisk(data); S3Storage storage = new S3Storage("outage")) {
            storage.setEndpoint(s3proxy.endpoint());
            storage.setPathStyle(true);
            storage.setRegion(S3Proxy.REGION);
            storage.setAccessKey(S3Proxy.ACCESS_KEY);
            storage.setSecretKey(S3Proxy.SECRET_KEY);
            storage.setCreateBucket(true);
            storage.setTimeout(Duration.ofSeconds(2));
            storage.start();

            StoresAcrossAnOutage.assertCallsFailRetryablyWhileDown(storage, s3proxy);
        }
    }

    /**
     * Four writers store results; s3proxy stops once a hundred are stored and starts again
     * {@link #OUTAGE} later. With retries that outlast the outage every store succeeds; with one
     * short retry the stores during the outage fail with {@link StorageException}. Either way every
     * store either is readable or was reported.
     */
    @ParameterizedTest(name = "{0} retries")
    @ValueSource(ints = {12, 1})
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everyResultStoredAcrossAnOutageIsReadableOrWasReportedAsFailed(int maxRetries) throws Exception {
        try (S3Proxy s3proxy = S3Proxy.startOnDisk(data.resolve("retries-" + maxRetries))) {
            Map<String, String> config = new HashMap<>(s3proxy.storageConfig("outage"));
            config.put("resultstore.storage.config.create-bucket", "true");
            config.put("resultstore.storage.config.timeout", "PT2S");
            // 12 retries wait 0.5 + 1 + 2 × 10 s: more than the outage and the restart; 1 retry waits 0.5 s.
            config.put("resultstore.retry.max-retries", Integer.toString(maxRetries));
            config.put("resultstore.retry.backoff", "PT0.5S");
            config.put("resultstore.retry.max-backoff", "PT2S");
            config.put("resultstore.cleanup.interval", "0");
            try (ResultBackend results = ResultStores.create(config)) {
                StoresAcrossAnOutage.run(results, s3proxy, 4, 100, OUTAGE).assertNothingLost(maxRetries > 1);
            }
        }
    }
}
