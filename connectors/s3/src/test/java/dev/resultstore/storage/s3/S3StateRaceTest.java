package dev.resultstore.storage.s3;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.tck.support.StateRace;

/**
 * Two nodes (two backends, each with its own S3 client, as in two JVMs) share one bucket. For
 * each task one node stores SUCCESS while the other keeps storing STARTED until the SUCCESS call
 * has returned: the conditional writes must keep SUCCESS, whoever's request lands last.
 */
@ExtendWith(S3ProxyExtension.class)
class S3StateRaceTest {

    private static final int ROUNDS = 200;

    private final S3Proxy s3proxy;

    S3StateRaceTest(S3Proxy s3proxy) {
        this.s3proxy = s3proxy;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aLateStartedFromAnotherNodeNeverReplacesSuccess() throws Exception {
        Map<String, String> config = new HashMap<>(s3proxy.storageConfig("race"));
        config.put("resultstore.storage.config.create-bucket", "true");
        config.put("resultstore.cleanup.interval", "0");

        StateRace.run(config, ROUNDS).assertSuccessNeverReplaced();
    }
}
