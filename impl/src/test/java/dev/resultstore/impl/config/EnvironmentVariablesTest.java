package dev.resultstore.impl.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of key set by environment variables, as containers and Kubernetes set them: a child
 * JVM with a real environment, SmallRye Config's default sources and the extension in Weld SE.
 */
class EnvironmentVariablesTest {

    @TempDir
    Path dir;

    record Run(int exit, String output) {
    }

    private Run probe(Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                // Nothing the child writes by default may land outside the test's directory.
                "-Duser.home=" + dir.resolve("home"), "-Djava.io.tmpdir=" + dir,
                EnvironmentProbe.class.getName(), "env-task");
        builder.environment().keySet().removeIf(name -> name.toUpperCase().startsWith("RESULTSTORE"));
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        Path log = dir.resolve("child.log");
        builder.redirectOutput(log.toFile());
        Process child = builder.start();
        try {
            assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("the child JVM ends").isTrue();
        } finally {
            child.destroyForcibly();
        }
        return new Run(child.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void storeKeysStorageParametersAndNamedStoresComeFromEnvironmentVariables() throws Exception {
        Run run = probe(Map.ofEntries(
                Map.entry("RESULTSTORE_STORAGE", "filesystem"),
                Map.entry("RESULTSTORE_STORAGE_CONFIG_LOCATION", dir.resolve("default").toString()),
                Map.entry("RESULTSTORE_KEY_PREFIX", "env-"),
                Map.entry("RESULTSTORE_RETRY_MAX_RETRIES", "7"),
                Map.entry("RESULTSTORE_EXPIRES", "PT2H"),
                Map.entry("RESULTSTORE_REPORTS_STORAGE", TestStorages.Typed.class.getName()),
                Map.entry("RESULTSTORE_REPORTS_STORAGE_CONFIG_CONNECTION_STRING", "AccountName=dev;AccountKey=k1"),
                Map.entry("RESULTSTORE_REPORTS_KEY_PREFIX", "report-"),
                Map.entry("RESULTSTORE_MONTHLY_REPORTS_STORAGE", "filesystem"),
                Map.entry("RESULTSTORE_MONTHLY_REPORTS_STORAGE_CONFIG_LOCATION", dir.resolve("monthly").toString()),
                Map.entry("RESULTSTORE_MONTHLY_REPORTS_RETRY_MAX_RETRIES", "0"),
                // What Kubernetes adds for a service called "resultstore": not a key, ignored.
                Map.entry("RESULTSTORE_SERVICE_HOST", "10.0.0.1")));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output().lines().toList()).as(run.output()).contains(
                "default.key-prefix=env-",
                "default.retry.max-retries=7",
                "default.expires=PT2H",
                "reports.storage=" + TestStorages.Typed.class.getName(),
                "reports.connection-string=AccountName=dev;AccountKey=k1",
                "reports.key-prefix=report-",
                "reports.read=from reports",
                "monthly-reports.retry.max-retries=0",
                "monthly-reports.key-prefix=celery-task-meta-",
                "problems=[]");
        assertThat(run.output()).contains("ResultStore ignores the environment variable RESULTSTORE_SERVICE_HOST");
        assertThat(dir.resolve("default/env-env-task")).exists();
        assertThat(dir.resolve("monthly/celery-task-meta-env-task")).exists();
        assertThat(dir.resolve("home")).doesNotExist();
    }

    @Test
    void badEnvironmentVariablesFailTheDeploymentNamingThemWithoutTheirSecrets() throws Exception {
        Run run = probe(Map.of(
                "RESULTSTORE_STORAGE_CONFIG_LOCATION", dir.resolve("default").toString(),
                "RESULTSTORE_STORAGE_CONFIG_COLOUR", "red",
                "RESULTSTORE_RETRY_MAX_RETRIES", "many",
                "RESULTSTORE_REPORTS_STORAGE", TestStorages.Typed.class.getName(),
                "RESULTSTORE_REPORTS_STORAGE_CONFIG_CONNECTION_STRING", "hunter2-no-equals-sign",
                "RESULTSTORE_MONTHLY_REPORTS_STORAGE", "memory"));

        assertThat(run.exit()).as(run.output()).isEqualTo(3);
        assertThat(run.output()).as(run.output())
                .contains("RESULTSTORE_STORAGE_CONFIG_COLOUR (environment variable): unknown parameter of "
                        + "dev.resultstore.storage.filesystem.FileSystemStorage; valid parameters are "
                        + "RESULTSTORE_STORAGE_CONFIG_ALLOW_NON_ATOMIC, RESULTSTORE_STORAGE_CONFIG_CREATE_DIRECTORIES, "
                        + "RESULTSTORE_STORAGE_CONFIG_FSYNC, RESULTSTORE_STORAGE_CONFIG_LOCATION, RESULTSTORE_STORAGE_CONFIG_PERMISSIONS")
                .contains("resultstore.retry.max-retries: 'many' is not valid")
                .contains("resultstore.reports.storage=" + TestStorages.Typed.class.getName() + " rejected its parameters")
                .doesNotContain("hunter2");
        assertThat(List.of(dir.resolve("home").toFile().list() == null)).containsExactly(true);
    }
}
