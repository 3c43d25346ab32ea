package dev.resultstore.benchmarks;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;

/** Backends built the Java SE way ({@link ResultStores#create}), with scheduled cleanup off. */
final class Backends {

    static final String KEY_PREFIX = "celery-task-meta-";

    private Backends() {
    }

    static ResultBackend filesystem(Path location, String... more) {
        return create(more, "resultstore.storage", "filesystem", "resultstore.storage.config.location", location.toString());
    }

    static ResultBackend memory(String... more) {
        return create(more, "resultstore.storage", "memory");
    }

    /** The document ResultStore stores for {@code value}: written by a filesystem store in a scratch directory. */
    static byte[] document(String taskId, Object value) {
        Path directory = Scratch.directory("document");
        try (ResultBackend backend = filesystem(directory)) {
            backend.storeSuccess(taskId, value);
            return java.nio.file.Files.readAllBytes(directory.resolve(KEY_PREFIX + taskId));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            Scratch.delete(directory);
        }
    }

    static ResultBackend create(String[] more, String... keysAndValues) {
        Map<String, String> properties = new HashMap<>();
        properties.put("resultstore.cleanup.interval", "0");
        for (String[] pairs : new String[][] {keysAndValues, more}) {
            for (int i = 0; i < pairs.length; i += 2) {
                properties.put(pairs[i], pairs[i + 1]);
            }
        }
        return ResultStores.create(properties);
    }
}
