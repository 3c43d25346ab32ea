package dev.resultstore.cli;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line on a real filesystem store written by the library. */
class ResultStoreCliTest {

    @TempDir
    Path dir;
    Path location;
    Path config;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void writeResults() throws Exception {
        location = dir.resolve("results");
        config = Files.writeString(dir.resolve("resultstore.properties"),
                "resultstore.storage=filesystem\nresultstore.storage.config.location=" + location + "\nresultstore.expires=PT1H\n");
        try (ResultBackend results = ResultStores.create(Map.of("resultstore.storage", "filesystem",
                "resultstore.storage.config.location", location.toString()))) {
            results.storeSuccess("ok", Map.of("pages", 12));
            results.storeFailure("bad", new IllegalStateException("disk full"));
            results.markStarted("running");
        }
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("-c", config.toString()));
        all.addAll(List.of(args));
        return runExactly(all.toArray(String[]::new));
    }

    private int runExactly(String... all) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine line = ResultStoreCli.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(all);
    }

    @Test
    void statusPrintsStatesAndFailures() {
        int exit = run("status", "ok", "bad", "unknown");

        assertThat(exit).isEqualTo(ResultStoreCli.NOT_SUCCESSFUL);
        assertThat(out.toString()).contains("ok\tSUCCESS\t").contains("bad\tFAILURE\t")
                .contains("java.lang.IllegalStateException: disk full").contains("unknown\tPENDING\t(nothing stored)");
    }

    @Test
    void getPrintsTheValueAsJson() {
        assertThat(run("get", "ok")).isZero();
        assertThat(out.toString().trim()).isEqualTo("{\"pages\":12}");

        assertThat(run("get", "running")).isEqualTo(ResultStoreCli.NOT_SUCCESSFUL);
        assertThat(err.toString()).contains("Task running is STARTED");
    }

    @Test
    void listShowsEveryResultFilteredByStateWithProgress() {
        assertThat(run("--progress-every", "2", "list")).isZero();
        assertThat(out.toString().lines()).hasSize(3);
        assertThat(err.toString()).contains("... 2 results listed").contains("3 results listed");

        assertThat(run("list", "--state", "FAILURE")).isZero();
        assertThat(out.toString().lines()).singleElement().asString().startsWith("bad\tFAILURE\t");

        assertThat(run("list", "--state", "FAILURE,SUCCESS")).isZero();
        assertThat(out.toString().lines()).hasSize(2);

        assertThat(run("list", "--older-than", "PT1H")).isZero();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void cleanupDeletesExpiredResultsAndReportsProgress() throws Exception {
        Files.setLastModifiedTime(location.resolve("celery-task-meta-bad"), FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        assertThat(run("cleanup")).isZero();

        assertThat(out.toString()).contains("1 expired results deleted");
        assertThat(err.toString()).contains("3 results scanned, 1 deleted, 0 failed");
        assertThat(location.resolve("celery-task-meta-bad")).doesNotExist();
        assertThat(location.resolve("celery-task-meta-ok")).exists();
    }

    @Test
    void forgetDeletesAndSaysWhenThereWasNothing() {
        assertThat(run("forget", "ok", "ok")).isZero();
        assertThat(out.toString()).contains("ok\tforgotten").contains("ok\tnothing stored");
    }

    @Test
    void badConfigurationIsReportedNamingTheKey() {
        int exit = run("-D", "resultstore.storage.config.colour=red", "status", "ok");

        assertThat(exit).isEqualTo(ResultStoreCli.STORE_ERROR);
        assertThat(err.toString()).contains("resultstore.storage.config.colour: unknown parameter");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"azure-blob", "s3", "gcs"})
    void everyCloudConnectorIsOnTheToolsClassPath(String label) {
        // A storage parameter the connector does not have: its parameters are listed, so the label resolved.
        int exit = run("-D", "resultstore.storage=" + label, "-D", "resultstore.storage.config.colour=red", "status", "ok");

        assertThat(exit).isEqualTo(ResultStoreCli.STORE_ERROR);
        assertThat(err.toString()).contains("resultstore.storage.config.colour").doesNotContain("unknown storage");
    }

    @Test
    void anInvalidTaskIdIsAUsageError() {
        assertThat(run("status", "../etc")).isEqualTo(2);
        assertThat(err.toString()).contains("Task id contains '/'");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run("status", "ok", "--colour")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--colour'");
        assertThat(run("status")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter");
        assertThat(run("list", "--state", "DONE")).isEqualTo(2);
        assertThat(err.toString()).contains("DONE");
        assertThat(run("list", "--older-than", "soon")).isEqualTo(2);
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(runExactly("-c", dir.resolve("missing.properties").toString(), "status", "ok")).isEqualTo(2);
        assertThat(err.toString()).contains("Cannot read the configuration file");
    }

    private static List<JsonObject> jsonLines(String text) {
        return text.lines().map(line -> {
            try (JsonReader reader = Json.createReader(new StringReader(line))) {
                return reader.readObject();
            }
        }).toList();
    }

    @Test
    void statusAsJsonIsOneObjectPerTask() {
        assertThat(run("status", "--json", "ok", "bad", "unknown")).isEqualTo(ResultStoreCli.NOT_SUCCESSFUL);

        List<JsonObject> lines = jsonLines(out.toString());
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).getString("id")).isEqualTo("ok");
        assertThat(lines.get(0).getString("state")).isEqualTo("SUCCESS");
        assertThat(lines.get(0).getBoolean("exists")).isTrue();
        assertThat(Instant.parse(lines.get(0).getString("dateDone"))).isBefore(Instant.now().plusSeconds(1));
        assertThat(lines.get(1).getString("state")).isEqualTo("FAILURE");
        assertThat(lines.get(1).getJsonObject("failure").getString("type")).isEqualTo("java.lang.IllegalStateException");
        assertThat(lines.get(1).getJsonObject("failure").getString("message")).isEqualTo("disk full");
        assertThat(lines.get(2).getString("state")).isEqualTo("PENDING");
        assertThat(lines.get(2).getBoolean("exists")).isFalse();
        assertThat(lines.get(2).isNull("dateDone")).isTrue();
    }

    @Test
    void getAsJsonCarriesTheResultOrTheFailure() {
        assertThat(run("get", "--json", "ok")).isZero();
        JsonObject ok = jsonLines(out.toString()).get(0);
        assertThat(ok.getString("state")).isEqualTo("SUCCESS");
        assertThat(ok.getJsonObject("result").getInt("pages")).isEqualTo(12);

        assertThat(run("get", "--json", "bad")).isEqualTo(ResultStoreCli.NOT_SUCCESSFUL);
        JsonObject bad = jsonLines(out.toString()).get(0);
        assertThat(bad.containsKey("result")).isFalse();
        assertThat(bad.getJsonObject("failure").getString("message")).isEqualTo("disk full");
    }

    @Test
    void listAsJsonIsOneObjectPerLineFilteredByStatesAndAge() throws Exception {
        Files.setLastModifiedTime(location.resolve("celery-task-meta-bad"), FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Files.setLastModifiedTime(location.resolve("celery-task-meta-running"), FileTime.from(Instant.now().minus(Duration.ofHours(3))));

        assertThat(run("list", "--json")).isZero();
        assertThat(jsonLines(out.toString())).extracting(o -> o.getString("id")).containsExactlyInAnyOrder("ok", "bad", "running");

        assertThat(run("list", "--json", "--state", "FAILURE", "--state", "STARTED")).isZero();
        assertThat(jsonLines(out.toString())).extracting(o -> o.getString("state")).containsExactlyInAnyOrder("FAILURE", "STARTED");

        assertThat(run("list", "--json", "--state", "FAILURE,SUCCESS", "--older-than", "PT1H")).isZero();
        assertThat(jsonLines(out.toString())).extracting(o -> o.getString("id")).containsExactly("bad");

        assertThat(run("list", "--older-than", "PT150M")).isZero();
        assertThat(out.toString().lines()).singleElement().asString().startsWith("running\tSTARTED\t");
    }

    @Test
    void expressionsInTheFileAreExpandedFromOtherSources() throws Exception {
        Files.writeString(config, "resultstore.storage=filesystem\nresultstore.storage.config.location=${results.dir}\n");

        assertThat(run("-D", "results.dir=" + location, "get", "ok")).isZero();
        assertThat(out.toString().trim()).isEqualTo("{\"pages\":12}");
    }

    @Test
    void anExpressionThatCannotBeExpandedIsAConfigurationErrorNamingTheKey() throws Exception {
        Files.writeString(config, "resultstore.storage=filesystem\nresultstore.storage.config.location=${NO_SUCH_RESULTSTORE_VARIABLE}\n");

        assertThat(run("status", "ok")).isEqualTo(ResultStoreCli.STORE_ERROR);
        assertThat(err.toString()).contains("(1 problem)").contains("resultstore.storage.config.location: cannot be read")
                .contains("NO_SUCH_RESULTSTORE_VARIABLE");
    }

    @Test
    void aProfileSelectsItsOwnKeys() throws Exception {
        Path other = dir.resolve("dev-results");
        try (ResultBackend dev = ResultStores.create(Map.of("resultstore.storage", "filesystem",
                "resultstore.storage.config.location", other.toString()))) {
            dev.storeSuccess("dev-only", "dev");
        }
        Files.writeString(config, Files.readString(config) + "%dev.resultstore.storage.config.location=" + other + "\n");

        assertThat(run("--profile", "dev", "get", "dev-only")).isZero();
        assertThat(out.toString().trim()).isEqualTo("\"dev\"");
        assertThat(run("-D", "mp.config.profile=dev", "get", "dev-only")).isZero();
        assertThat(run("get", "dev-only")).isEqualTo(ResultStoreCli.NOT_SUCCESSFUL);
    }

    @Test
    void anEmptyLocationInTheFileIsAConfigurationError() throws Exception {
        Files.writeString(config, "resultstore.storage=filesystem\nresultstore.storage.config.location=\n");

        assertThat(run("status", "ok")).isEqualTo(ResultStoreCli.STORE_ERROR);
        assertThat(err.toString()).contains("resultstore.storage.config.location: (empty) is not valid");
    }

    @Test
    void dashDOverridesTheFile() {
        assertThat(run("-D", "resultstore.key-prefix=none-", "status", "ok")).isEqualTo(ResultStoreCli.NOT_SUCCESSFUL);
        assertThat(out.toString()).contains("ok\tPENDING\t(nothing stored)");
    }

    @Test
    void environmentVariablesAndExpressionsOfThemConfigureTheTool() throws Exception {
        Files.writeString(config, "resultstore.storage=filesystem\nresultstore.storage.config.location=${RESULTS_DIR_FOR_TEST}\n");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Duser.home=" + dir.resolve("home"),
                ResultStoreCli.class.getName(), "-c", config.toString(), "list", "--json");
        builder.environment().keySet().removeIf(name -> name.toUpperCase().startsWith("RESULTSTORE"));
        builder.environment().put("RESULTS_DIR_FOR_TEST", location.toString());
        builder.environment().put("RESULTSTORE_KEY_PREFIX", "celery-task-meta-b");
        builder.environment().put("RESULTSTORE_RETRY_MAX_RETRIES", "1");
        Path output = dir.resolve("child.out");
        builder.redirectOutput(output.toFile()).redirectError(dir.resolve("child.err").toFile());
        Process child = builder.start();
        try {
            assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
        } finally {
            child.destroyForcibly();
        }

        assertThat(child.exitValue()).as(Files.readString(dir.resolve("child.err"))).isZero();
        // The key prefix from the environment makes "bad" the task "ad".
        assertThat(jsonLines(Files.readString(output))).extracting(o -> o.getString("id")).containsExactly("ad");
        assertThat(dir.resolve("home")).doesNotExist();
    }
}
