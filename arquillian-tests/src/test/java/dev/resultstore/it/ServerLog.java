package dev.resultstore.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a server logged while something happened. WildFly puts a failed deployment's cause in the
 * management answer (and so in Arquillian's exception); Payara Micro only logs it, so its
 * failsafe execution sets {@code server.log} to the file of {@code --logtofile} (which the log
 * handler may suffix with a generation number, {@code .0}).
 */
final class ServerLog {

    private final Path log;
    private final Map<Path, Long> sizes = new HashMap<>();

    private ServerLog(Path log) {
        this.log = log;
        for (Path file : files()) {
            sizes.put(file, file.toFile().length());
        }
    }

    /** Marks where the logs end now; {@link #since()} returns what is written after. */
    static ServerLog mark() {
        String log = System.getProperty("server.log");
        return new ServerLog(log == null ? null : Path.of(log).toAbsolutePath());
    }

    /** Everything logged since {@link #mark()}: empty where the server's log is not read. */
    String since() throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path file : files()) {
            long from = sizes.getOrDefault(file, 0L);
            try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
                // A log that shrank was started afresh.
                log.seek(from <= log.length() ? from : 0);
                byte[] bytes = new byte[(int) (log.length() - log.getFilePointer())];
                log.readFully(bytes);
                text.append(new String(bytes, UTF_8));
            } catch (java.io.FileNotFoundException rotatedAway) {
                // gone between listing and reading (log rotation)
            }
        }
        return text.toString();
    }

    private List<Path> files() {
        if (log == null) {
            return List.of();
        }
        String name = log.getFileName().toString();
        try (Stream<Path> files = Files.list(log.getParent())) {
            // Not the handler's transient .lck files: they come and go while the server logs.
            return files.filter(file -> file.getFileName().toString().startsWith(name)
                    && !file.getFileName().toString().endsWith(".lck")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list the server logs " + log + "*", e);
        }
    }
}
