package dev.resultstore.benchmarks.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * WildFly's HTTP management API ({@code POST /management}, JSON operations), with the HTTP Digest
 * authentication it asks for, which {@link HttpURLConnection} answers.
 */
final class Management {

    private final URL url;
    private final Authenticator authenticator;

    Management(int port, String user, char[] password) throws IOException {
        this.url = URI.create("http://127.0.0.1:" + port + "/management").toURL();
        PasswordAuthentication credentials = new PasswordAuthentication(user, password);
        this.authenticator = new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return credentials;
            }
        };
    }

    /**
     * Runs one operation and answers its {@code result}; an outcome other than success throws
     * with the server's failure description.
     */
    JsonObject run(JsonObject operation) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setAuthenticator(authenticator);
        connection.setRequestMethod("POST");
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(300_000);
        connection.setDoOutput(true);
        byte[] body = operation.toString().getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        int status = connection.getResponseCode();
        InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (status == 503) {
            throw new NotReady();
        }
        if (status == 401) {
            throw new IOException("WildFly's management API refused the benchmark's user (HTTP 401)");
        }
        JsonObject answer;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            answer = reader.readObject();
        } catch (RuntimeException notJson) {
            throw new IOException("WildFly's management API answered HTTP " + status + ": " + text, notJson);
        }
        if (!"success".equals(answer.getString("outcome", ""))) {
            throw new IOException(operation.getString("operation") + " failed: " + answer.get("failure-description"));
        }
        return answer;
    }

    /** HTTP 503: the server is starting and its management API does not take operations yet. */
    static final class NotReady extends IOException {
        NotReady() {
            super("WildFly's management API is not ready (HTTP 503)");
        }
    }

    static JsonObject operation(String name, String deployment) {
        var builder = Json.createObjectBuilder().add("operation", name);
        if (deployment != null) {
            builder.add("address", Json.createArrayBuilder().add(Json.createObjectBuilder().add("deployment", deployment)));
        } else {
            builder.add("address", Json.createArrayBuilder());
        }
        return builder.build();
    }
}
