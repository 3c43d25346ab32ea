package dev.resultstore.impl;

import dev.resultstore.impl.store.DefaultResultBackend;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;

/** Builds backends for tests from alternating key/value pairs. */
final class Backends {

    private Backends() {
    }

    /** The keys given, with the start-up recovery scan off: tests that count storage calls count only their own. */
    static Map<String, String> config(String... keysAndValues) {
        Map<String, String> config = new HashMap<>();
        config.put("resultstore.recovery.enabled", "false");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    static DefaultResultBackend create(String... keysAndValues) {
        return (DefaultResultBackend) ResultStores.create(config(keysAndValues));
    }

    static DefaultResultBackend filesystem(Path location, String... more) {
        Map<String, String> config = config(more);
        config.put("resultstore.storage", "filesystem");
        config.put("resultstore.storage.config.location", location.toString());
        return (DefaultResultBackend) ResultStores.create(config);
    }

    @SuppressWarnings("unchecked")
    static <S> S storage(ResultBackend backend) {
        return (S) ((DefaultResultBackend) backend).configuredStorage();
    }
}
