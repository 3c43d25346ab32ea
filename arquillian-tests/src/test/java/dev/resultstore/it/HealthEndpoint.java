package dev.resultstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
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

/**
 * A server's MicroProfile Health endpoint as a client reads it (Payara Micro's on the HTTP port,
 * WildFly's on the management interface), and what resultstore-health's checks must say there.
 */
final class HealthEndpoint {

    static final String READINESS = "resultstore";
    static final String LIVENESS = "resultstore-backends";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI server;

    /** @param server any URL of the server: /health/... resolves against its root */
    HealthEndpoint(URI server) {
        this.server = server;
    }

    /** {@code GET /health/ready}: checks the HTTP status (200 UP, 503 DOWN), returns the check {@value #READINESS}. */
    JsonObject readiness(int status) {
        return check("/health/ready", READINESS, status);
    }

    /** {@code GET /health/live}: checks it answers 200, returns the check {@value #LIVENESS}. */
    JsonObject liveness() {
        return check("/health/live", LIVENESS, 200);
    }

    private JsonObject check(String path, String name, int status) {
        HttpRequest request = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s: %s", request.uri(), response.body()).isEqualTo(status);
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

    /** The readiness check is UP, and each store is UP with its storage described (the value contains the given text). */
    static void assertReady(JsonObject ready, Map<String, String> storageOfStore) {
        assertThat(ready.getString("status")).as(ready.toString()).isEqualTo("UP");
        JsonObject data = ready.getJsonObject("data");
        storageOfStore.forEach((store, storage) -> {
            assertThat(data.getString(store)).as(store).isEqualTo("UP");
            assertThat(data.getString(store + ".storage")).contains(storage);
            assertThat(data.containsKey(store + ".error")).as(ready.toString()).isFalse();
        });
    }

    /** The liveness check is UP and lists each store as UP. */
    static void assertLive(JsonObject live, String... stores) {
        assertThat(live.getString("status")).as(live.toString()).isEqualTo("UP");
        for (String store : stores) {
            assertThat(live.getJsonObject("data").getString(store)).as(store).isEqualTo("UP");
        }
    }
}
