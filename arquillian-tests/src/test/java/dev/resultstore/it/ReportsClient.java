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

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/** Calls the example application's REST API, as curl does in the README. */
final class ReportsClient {

    /** An answer: the HTTP status, the Location header if any, and the JSON body. */
    record Answer(int status, String location, JsonObject body) {
        String state() {
            return body.getString("state");
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI tasks;

    /** A client of the application deployed at {@code base} (e.g. http://127.0.0.1:8080/reports/). */
    ReportsClient(URL base) {
        this.tasks = URI.create(base.toExternalForm().replaceAll("/?$", "/")).resolve("tasks");
    }

    /** {@code POST /tasks}: checks the 202 and its Location, returns the task id. */
    String submit(String region, String quarter) {
        Answer answer = send(HttpRequest.newBuilder(tasks)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"region\": \"" + region + "\", \"quarter\": \"" + quarter + "\"}")));
        assertThat(answer.status()).as("POST %s: %s", tasks, answer.body()).isEqualTo(202);
        String id = answer.body().getString("id");
        assertThat(answer.location()).isEqualTo(tasks + "/" + id);
        return id;
    }

    /** {@code GET /tasks/{id}}. */
    Answer get(String id) {
        return send(HttpRequest.newBuilder(URI.create(tasks + "/" + id)).GET());
    }

    /** Polls {@code GET /tasks/{id}} until the task is ready; returns the last answer. */
    Answer awaitReady(String id) {
        Answer[] last = new Answer[1];
        Poll.until("task " + id + " is ready at " + tasks, () -> {
            last[0] = get(id);
            return last[0].status() == 200 && last[0].body().containsKey("dateDone");
        });
        return last[0];
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                return new Answer(response.statusCode(), response.headers().firstValue("Location").orElse(null),
                        reader.readObject());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
