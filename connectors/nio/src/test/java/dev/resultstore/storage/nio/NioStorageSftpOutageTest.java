package dev.resultstore.storage.nio;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.tck.support.StoresAcrossAnOutage;

/**
 * The SFTP server stops for about 10 seconds and comes back on the same port while results are
 * stored: each one is stored after retries or reaches the caller as a StorageException; none is lost.
 */
class NioStorageSftpOutageTest {

    @TempDir
    Path served;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void noResultIsLostWhileTheServerIsDownAndBack() throws Exception {
        try (SftpServer sftp = SftpServer.start(served, SftpServer.newKeyPair());
                ResultBackend results = ResultStores.create(Map.of(
                        "resultstore.storage", "nio",
                        "resultstore.storage.config.uri", sftp.uri(SftpServer.PASSWORD_USER, "outage").toString(),
                        "resultstore.storage.config.environment.password", SftpServer.PASSWORD,
                        "resultstore.storage.config.allow-non-atomic", "true",
                        "resultstore.retry.max-retries", "8",
                        "resultstore.retry.backoff", "PT0.5S",
                        "resultstore.retry.max-backoff", "PT3S",
                        "resultstore.cleanup.interval", "0"))) {
            StoresAcrossAnOutage.Outcome outcome = StoresAcrossAnOutage.run(results, sftp, 1, 20, Duration.ofSeconds(10));

            outcome.assertNothingLost();
        }
    }
}
