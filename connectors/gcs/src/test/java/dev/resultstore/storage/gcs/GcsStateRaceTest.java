package dev.resultstore.storage.gcs;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.resultstore.tck.support.StateRace;

/**
 * Two nodes (two backends, each with its own client, as in two JVMs) share one bucket of
 * {@link GcsStubServer}. One stores SUCCESS while the other keeps storing STARTED for the same task
 * until, and once after, SUCCESS is stored: the generation preconditions must keep SUCCESS, whoever's
 * request lands last.
 */
class GcsStateRaceTest {

    private static final int ROUNDS = 200;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aLateStartedFromAnotherNodeNeverReplacesSuccess() throws Exception {
        try (GcsStubServer server = GcsStubServer.start(1000)) {
            server.createBucket("race");
            Map<String, String> config = new HashMap<>();
            config.put("resultstore.storage", "gcs");
            config.put("resultstore.storage.config.bucket", "race");
            config.put("resultstore.storage.config.endpoint", server.endpoint());
            config.put("resultstore.cleanup.interval", "0");

            StateRace.run(config, ROUNDS).assertSuccessNeverReplaced();
        }
    }
}
