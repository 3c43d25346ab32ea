package dev.resultstore.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.TaskState;

/**
 * A named store configured by environment variables alone, as containers and Kubernetes
 * configure applications: the WildFly failsafe execution sets {@code RESULTSTORE_ENVCHECK_STORAGE},
 * {@code RESULTSTORE_ENVCHECK_STORAGE_CONFIG_LOCATION} and {@code RESULTSTORE_ENVCHECK_KEY_PREFIX}
 * (names that lose the difference between {@code .} and {@code -}), the managed server inherits
 * them, and the WAR has no {@code resultstore.envcheck.*} key in its own configuration.
 */
@ExtendWith(ArquillianExtension.class)
class EnvironmentConfigIT {

    @Deployment
    static WebArchive deployment() {
        // Only the default store is configured in the WAR, so that it writes under target/ too.
        return Deployments.war("environment-config",
                "resultstore.storage.config.location=" + Deployments.resultsDir("environment-config/default"))
                .addClass(EnvironmentArchive.class);
    }

    /** The bean whose injection point makes the extension build the store 'envcheck'. */
    @ApplicationScoped
    public static class EnvironmentArchive {

        @Inject
        @ResultStore("envcheck")
        ResultBackend envcheck;

        String archive(String title) {
            String id = "task-" + UUID.randomUUID();
            envcheck.storeSuccess(id, "archived " + title);
            return id;
        }
    }

    @Inject
    EnvironmentArchive archive;

    @Inject
    @ResultStore("envcheck")
    ResultBackend envcheck;

    @Inject
    @ResultStore
    ResultBackend results;

    @Test
    void storeConfiguredOnlyByEnvironmentVariablesWritesWithItsKeyPrefixIntoItsLocation() throws IOException {
        String location = System.getenv("RESULTSTORE_ENVCHECK_STORAGE_CONFIG_LOCATION");
        assertThat(location).as("set by the wildfly failsafe execution in pom.xml").isNotBlank();

        String id = archive.archive("Q3");

        Path file = Path.of(location).resolve("env-" + id);
        assertThat(file).isRegularFile();
        JsonObject document;
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(file, UTF_8))) {
            document = reader.readObject();
        }
        assertThat(document.getString("status")).isEqualTo("SUCCESS");
        assertThat(document.getString("task_id")).isEqualTo(id);
        assertThat(document.getString("result")).isEqualTo("archived Q3");
        assertThat(envcheck.name()).isEqualTo("envcheck");
        assertThat(envcheck.result(id, String.class).value()).contains("archived Q3");
        assertThat(envcheck.result(id).state()).isEqualTo(TaskState.SUCCESS);
        assertThat(results.result(id).exists()).as("the default store is kept apart").isFalse();
    }
}
