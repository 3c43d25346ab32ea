package dev.resultstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * resultstore-health in Payara Micro, whose MicroProfile Health answers at /health: the checks
 * cover the default store and a named one the application injects.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
// WildFly's standalone.xml, which the tests boot, has no MicroProfile Health; the wildfly execution excludes it.
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "payara")
class HealthIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Deployment(testable = false)
    static WebArchive application() {
        return Deployments.war("stores-health",
                        "resultstore.storage.config.location=" + Deployments.resultsDir("health-default"),
                        "resultstore.archive.storage=filesystem",
                        "resultstore.archive.storage.config.location=" + Deployments.resultsDir("health-archive"))
                .addAsLibraries(Deployments.jars("health"))
                .addClass(ArchiveUser.class);
    }

    @ArquillianResource
    URL base;

    private JsonObject check(String path, String name) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toExternalForm()).resolve(path))
                .timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
            try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                Map<String, JsonObject> checks = reader.readObject().getJsonArray("checks").getValuesAs(JsonObject.class)
                        .stream().collect(Collectors.toMap(check -> check.getString("name"), Function.identity()));
                assertThat(checks).as(response.body()).containsKey(name);
                return checks.get(name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readinessProbesEveryStoreAndNamesItsStorage() {
        JsonObject ready = check("/health/ready", "resultstore");

        assertThat(ready.getString("status")).isEqualTo("UP");
        JsonObject data = ready.getJsonObject("data");
        assertThat(data.getString("default")).isEqualTo("UP");
        assertThat(data.getString("archive")).isEqualTo("UP");
        assertThat(data.getString("default.storage")).contains("health-default");
        assertThat(data.getString("archive.storage")).contains("health-archive");
    }

    @Test
    void livenessListsEveryStore() {
        JsonObject live = check("/health/live", "resultstore-backends");

        assertThat(live.getString("status")).isEqualTo("UP");
        assertThat(live.getJsonObject("data").getString("default")).isEqualTo("UP");
        assertThat(live.getJsonObject("data").getString("archive")).isEqualTo("UP");
    }
}
