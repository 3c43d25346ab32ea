package dev.resultstore.impl.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.TaskState;
import jakarta.json.bind.JsonbBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The other direction: Celery (Python, Debian's python3-celery) reads the documents Java wrote,
 * through its own file:// backend and AsyncResult. Skipped, saying so, only where Celery is not
 * installed.
 */
class CeleryReadsJavaDocumentsTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Instant DONE = Instant.parse("2026-11-24T10:15:30.123456Z");

    @TempDir
    static Path directory;

    private final ResultCodec codec = new ResultCodec(JsonbBuilder.create(), "node-1");

    @BeforeAll
    static void celeryIsInstalled() throws Exception {
        boolean installed = Files.isExecutable(PYTHON) && run(List.of(PYTHON.toString(), "-c", "import celery")).exitCode == 0;
        assumeTrue(installed, "Python Celery is not installed here (/usr/bin/python3 cannot import celery): "
                + "install it with 'apt-get install -y python3-celery' to run the check that Celery reads what Java writes");
    }

    public record Summary(String title, int pages) {
    }

    @Test
    void celerySeesWhatJavaStored() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("title", "r\u00e9sum\u00e9 \ud83d\ude00");
        value.put("lone", "\ud800");
        value.put("pages", 12);
        value.put("ratio", 0.25);
        value.put("nan", Double.NaN);
        value.put("inf", Double.NEGATIVE_INFINITY);
        value.put("list", Arrays.asList(1, null, true, "x"));
        write("java-map", codec.success("java-map", value, null, DONE));
        write("java-record", codec.success("java-record", new Summary("s", 3), null, DONE));
        write("java-failure", codec.failure("java-failure", new IllegalStateException("disk full"), null, DONE));
        write("java-started", codec.state("java-started", TaskState.STARTED, null, DONE));
        write("java-revoked", codec.state("java-revoked", TaskState.REVOKED, null, DONE));
        write("java-extended", codec.success("java-extended", "done",
                new TaskMetadata("com.example.Reports#generate", "[1, \"a\"]", "{}", "node-1", 0, null, DONE), DONE));

        Map<?, ?> seen = celeryReads("java-map", "java-record", "java-failure", "java-started", "java-revoked", "java-extended");

        Map<?, ?> map = (Map<?, ?>) seen.get("java-map");
        assertThat(map.get("status")).isEqualTo("SUCCESS");
        assertThat(map.get("result")).isEqualTo(value);
        assertThat(map.get("traceback")).isNull();
        assertThat(map.get("date_done")).isEqualTo("2026-11-24T10:15:30.123456+00:00");

        assertThat(((Map<?, ?>) seen.get("java-record")).get("result")).isEqualTo(Map.of("title", "s", "pages", 3));

        Map<?, ?> failure = (Map<?, ?>) seen.get("java-failure");
        assertThat(failure.get("status")).isEqualTo("FAILURE");
        // Celery cannot import java.lang: it stands in a class of that name, made in celery.exceptions
        assertThat(failure.get("exception")).isEqualTo(Map.of("type", "IllegalStateException", "module", "celery.exceptions",
                "args", List.of("disk full")));
        assertThat((String) failure.get("traceback")).startsWith("java.lang.IllegalStateException: disk full\n\tat ");

        Map<?, ?> started = (Map<?, ?>) seen.get("java-started");
        assertThat(started.get("status")).isEqualTo("STARTED");
        assertThat(started.get("result")).isEqualTo(Map.of("pid", (int) ProcessHandle.current().pid(), "hostname", "node-1"));
        assertThat(started.get("date_done")).isNull();

        Map<?, ?> revoked = (Map<?, ?>) seen.get("java-revoked");
        assertThat(revoked.get("status")).isEqualTo("REVOKED");
        assertThat(revoked.get("date_done")).isEqualTo("2026-11-24T10:15:30.123456+00:00");

        Map<?, ?> extended = (Map<?, ?>) seen.get("java-extended");
        assertThat(extended.get("result")).isEqualTo("done");
        assertThat(extended.get("name")).isEqualTo("com.example.Reports#generate");
        assertThat(extended.get("args")).isEqualTo(List.of(1, "a"));
        assertThat(extended.get("kwargs")).isEqualTo(Map.of());
    }

    private static void write(String taskId, byte[] document) throws IOException {
        Files.write(directory.resolve("celery-task-meta-" + taskId), document);
    }

    private static Map<?, ?> celeryReads(String... taskIds) throws Exception {
        Path script = directory.resolve("read-results.py");
        try (InputStream in = CeleryReadsJavaDocumentsTest.class.getResourceAsStream("/celery/read-results.py")) {
            Files.copy(in, script);
        }
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString(), directory.toString()));
        command.addAll(List.of(taskIds));
        Result result = run(command);
        assertThat(result.exitCode).as("Celery's reader failed: %s", result.output).isZero();
        byte[] json = result.output.getBytes(StandardCharsets.UTF_8);
        return (Map<?, ?>) new JsonParser(json, 0, json.length).readPlain();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("python did not finish in 60 s: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}
