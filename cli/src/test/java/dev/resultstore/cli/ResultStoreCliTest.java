package dev.resultstore.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line on a real filesystem store written by the library. */
class ResultStoreCliTest {

    @TempDir
    Path location;
    Path config;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void writeResults() throws Exception {
        config = Files.writeString(location.resolveSibling(location.getFileName() + ".properties"),
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
        CommandLine line = ResultStoreCli.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(all.toArray(String[]::new));
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

        out.getBuffer().setLength(0);
        assertThat(run("list", "--state", "FAILURE")).isZero();
        assertThat(out.toString().lines()).singleElement().asString().startsWith("bad\tFAILURE\t");

        out.getBuffer().setLength(0);
        assertThat(run("list", "--state", "FAILURE,SUCCESS")).isZero();
        assertThat(out.toString().lines()).hasSize(2);

        out.getBuffer().setLength(0);
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

    @Test
    void anInvalidTaskIdIsRefused() {
        assertThat(run("status", "../etc")).isNotZero();
        assertThat(err.toString()).contains("Task id contains '/'");
    }
}
