package dev.resultstore.storage.filesystem;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.TaskState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two JVM processes share one directory: this one stores SUCCESS while a child process keeps
 * storing STARTED for the same task, before and after it. The stripe file locks must keep SUCCESS
 * whoever writes last.
 */
class FileSystemCrossProcessRaceTest {

    private static final int ROUNDS = 200;

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aLateStartedFromAnotherProcessNeverReplacesSuccess() throws Exception {
        String run = UUID.randomUUID().toString();
        Process child = startLateStarter(run);
        try (ResultBackend results = ResultStores.create(Map.of("resultstore.storage", "filesystem",
                "resultstore.storage.config.location", directory.toString(), "resultstore.cleanup.interval", "0"));
                BufferedReader childOutput = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                Writer toChild = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
            assertThat(childOutput.readLine()).as("the child's first line").isEqualTo("ready");
            for (int round = 0; round < ROUNDS; round++) {
                String taskId = run + "-" + round;
                awaitState(results, taskId, TaskState.STARTED); // the child is writing this round's task now
                results.storeSuccess(taskId, "round " + round);
                toChild.write(round + "\n");
                toChild.flush();
            }
            assertThat(child.waitFor(3, TimeUnit.MINUTES)).as("child finished").isTrue();
            assertThat(child.exitValue()).as("child exit code").isZero();

            List<String> regressed = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                TaskState state = results.result(run + "-" + round).state();
                if (state != TaskState.SUCCESS) {
                    regressed.add(round + ": " + state);
                }
            }
            assertThat(regressed).as("rounds whose SUCCESS a late STARTED replaced").isEmpty();
        } finally {
            child.destroyForcibly();
        }
    }

    private Process startLateStarter(String run) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(java, "-cp", classPath, LateStarterProcess.class.getName(), directory.toString(), run,
                String.valueOf(ROUNDS))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    // Polls with a deadline: the other process gives no other signal.
    private static void awaitState(ResultBackend results, String taskId, TaskState state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (results.result(taskId).state() != state) {
            assertThat(System.nanoTime() - deadline).as("waiting for %s to be %s", taskId, state).isNegative();
            Thread.onSpinWait();
        }
    }
}
