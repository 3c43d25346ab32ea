package dev.resultstore.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Ids of tasks that have no result yet, one per call, all starting with the same marker so that a
 * benchmark can remove what it stored between iterations.
 */
final class NewIds {

    private static final long MARKER = 0x0e7e7e7e_0000_4000L;
    private static final String PREFIX = new UUID(MARKER, 0x8000_0000_0000_0000L).toString().substring(0, 19);

    private long next;

    String next() {
        return new UUID(MARKER, 0x8000_0000_0000_0000L | next++).toString();
    }

    /** Deletes the files {@code <keyPrefix><id>} of every id this class hands out, in {@code directory}. */
    void deleteAll(Path directory, String keyPrefix) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, keyPrefix + PREFIX + "*")) {
            for (Path file : files) {
                Files.delete(file);
            }
        }
    }
}
