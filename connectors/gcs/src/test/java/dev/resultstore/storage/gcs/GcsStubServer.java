package dev.resultstore.storage.gcs;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * A small in-memory Google Cloud Storage on 127.0.0.1 that speaks the JSON API for exactly the requests
 * the connector's SDK calls make: multipart upload with {@code ifGenerationMatch}, object metadata and
 * media reads (with {@code Range} and {@code ifGenerationMatch}), delete, list by prefix with page tokens,
 * batch deletes ({@code multipart/mixed}), bucket creation, and an OAuth token endpoint for service-account
 * credentials. Objects carry generations as GCS's do; every precondition is checked under one lock.
 *
 * <p>It also answers errors on demand ({@link #failNext}, {@link #failAll}), refuses to serve or
 * delete chosen objects ({@link #refuseReads}, {@link #refuseDeletes}) and records which identity
 * each request carried ({@link #callers()}).
 */
final class GcsStubServer implements AutoCloseable {

    private static final Pattern OBJECT_PATH = Pattern.compile("/(?:download/)?storage/v1/b/([^/]+)/o/(.+)");
    private static final Pattern OBJECTS_PATH = Pattern.compile("/storage/v1/b/([^/]+)/o");
    private static final Pattern UPLOAD_PATH = Pattern.compile("/upload/storage/v1/b/([^/]+)/o");

    private record StoredObject(byte[] data, long generation, String contentType, Instant updated) {
    }

    private record Failure(int status, String reason) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Set<String> buckets = new HashSet<>();
    private final NavigableMap<String, StoredObject> objects = new TreeMap<>(); // "bucket/name"
    private final AtomicLong generations = new AtomicLong(System.currentTimeMillis() * 1000);
    private final List<Failure> failures = new ArrayList<>();
    private Failure failAll;
    private final Set<String> unreadable = new HashSet<>(); // "bucket/name"
    private final Set<String> undeletable = new HashSet<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final List<String> callers = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final AtomicInteger batches = new AtomicInteger();
    private volatile boolean refuseTokens;
    private final int pageSize;

    static {
        // Without it, the client's small writes wait for delayed ACKs: about 40 ms per request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private GcsStubServer(int pageSize) throws IOException {
        this.pageSize = pageSize;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A server whose listings return at most {@code pageSize} objects per page, so that paging is exercised. */
    static GcsStubServer start(int pageSize) throws IOException {
        return new GcsStubServer(pageSize);
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String tokenUri() {
        return endpoint() + "/token";
    }

    synchronized void createBucket(String bucket) {
        buckets.add(bucket);
    }

    synchronized boolean hasBucket(String bucket) {
        return buckets.contains(bucket);
    }

    synchronized boolean hasObject(String bucket, String name) {
        return objects.containsKey(bucket + "/" + name);
    }

    /** The stored size of an existing object. */
    synchronized long size(String bucket, String name) {
        return objects.get(bucket + "/" + name).data().length;
    }

    /** The next {@code times} storage requests are answered with {@code status}. */
    synchronized void failNext(int times, int status, String reason) {
        for (int i = 0; i < times; i++) {
            failures.add(new Failure(status, reason));
        }
    }

    /** Every storage request is answered with {@code status} until {@link #reset()}. */
    synchronized void failAll(int status, String reason) {
        failAll = new Failure(status, reason);
    }

    /**
     * Media reads of the object answer 403, as GCS does when the caller lacks
     * {@code storage.objects.get}; its metadata, and listings, still show it.
     */
    synchronized void refuseReads(String bucket, String name) {
        unreadable.add(bucket + "/" + name);
    }

    /** Deletes of the object (alone or in a batch) answer 403, as GCS does for an object under a retention hold. */
    synchronized void refuseDeletes(String bucket, String name) {
        undeletable.add(bucket + "/" + name);
    }

    /** Undoes {@link #refuseDeletes}: the hold is released. */
    synchronized void allowDeletes(String bucket, String name) {
        undeletable.remove(bucket + "/" + name);
    }

    /** The token endpoint answers 400 invalid_grant, as Google's does for a deleted key, until {@link #reset()}. */
    void refuseTokens() {
        refuseTokens = true;
    }

    synchronized void reset() {
        refuseTokens = false;
        failures.clear();
        failAll = null;
        unreadable.clear();
        undeletable.clear();
        requests.set(0);
        callers.clear();
        contentTypes.clear();
        batches.set(0);
    }

    /** Storage requests received (token requests not counted). */
    int requests() {
        return requests.get();
    }

    /** The batch requests received. */
    int batches() {
        return batches.get();
    }

    /** For each storage request, the identity it carried: a service account's e-mail address, or "anonymous". */
    List<String> callers() {
        return List.copyOf(callers);
    }

    /** The content types that uploads declared. */
    List<String> uploadedContentTypes() {
        return List.copyOf(contentTypes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = body(exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes());
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/token")) {
                token(exchange, body);
                return;
            }
            requests.incrementAndGet();
            callers.add(caller(exchange.getRequestHeaders()));
            Failure failure = nextFailure();
            if (failure != null) {
                send(exchange, error(failure.status(), failure.reason(), "Answered by the test server."));
                return;
            }
            Response response = path.equals("/batch/storage/v1")
                    ? batch(exchange.getRequestHeaders(), body)
                    : route(exchange.getRequestMethod(), exchange.getRequestURI(), exchange.getRequestHeaders(), body);
            send(exchange, response);
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private synchronized Failure nextFailure() {
        return failAll != null ? failAll : failures.isEmpty() ? null : failures.remove(0);
    }

    private record Response(int status, Map<String, String> headers, byte[] body) {
        static Response json(int status, JsonObject json) {
            return new Response(status, Map.of("Content-Type", "application/json; charset=UTF-8"), json.toString().getBytes(UTF_8));
        }
    }

    private Response route(String method, URI uri, Headers headers, byte[] body) {
        String path = uri.getRawPath();
        Map<String, String> query = query(uri.getRawQuery());
        Matcher object = OBJECT_PATH.matcher(path);
        if (object.matches()) {
            String bucket = decode(object.group(1));
            String name = decode(object.group(2));
            return switch (method) {
                case "GET" -> "media".equals(query.get("alt"))
                        ? media(bucket, name, query, headers.getFirst("Range")) : metadata(bucket, name, query);
                case "DELETE" -> delete(bucket, name, query);
                default -> unsupported(method, path);
            };
        }
        Matcher list = OBJECTS_PATH.matcher(path);
        if (list.matches() && method.equals("GET")) {
            return list(decode(list.group(1)), query);
        }
        Matcher upload = UPLOAD_PATH.matcher(path);
        if (upload.matches() && method.equals("POST") && "multipart".equals(query.get("uploadType"))) {
            return upload(decode(upload.group(1)), query, headers.getFirst("Content-Type"), body);
        }
        if (path.equals("/storage/v1/b") && method.equals("POST")) {
            return bucketInsert(Json.createReader(new StringReader(new String(body, UTF_8))).readObject().getString("name"));
        }
        return unsupported(method, path);
    }

    private static Response unsupported(String method, String path) {
        return error(501, "notImplemented", "The test server does not implement " + method + " " + path);
    }

    private synchronized Response bucketInsert(String bucket) {
        if (!buckets.add(bucket)) {
            return error(409, "conflict", "Your previous request to create the named bucket succeeded and you already own it.");
        }
        return Response.json(200, Json.createObjectBuilder().add("kind", "storage#bucket").add("name", bucket)
                .add("id", bucket).add("metageneration", "1").build());
    }

    private synchronized Response upload(String bucket, Map<String, String> query, String contentType, byte[] body) {
        List<byte[]> parts = multipartBodies(contentType, body);
        JsonObject metadata = Json.createReader(new StringReader(new String(parts.get(0), UTF_8))).readObject();
        String name = metadata.getString("name", query.get("name"));
        if (!buckets.contains(bucket)) {
            return noBucket();
        }
        String key = bucket + "/" + name;
        Response failed = precondition(key, query);
        if (failed != null) {
            return failed;
        }
        String type = metadata.getString("contentType", "application/octet-stream");
        contentTypes.add(type);
        StoredObject stored = new StoredObject(parts.get(1), generations.incrementAndGet(), type, Instant.now());
        objects.put(key, stored);
        return Response.json(200, resource(bucket, name, stored).build());
    }

    /** {@code ifGenerationMatch}: 0 means "must not exist"; otherwise the live generation must be that one. */
    private Response precondition(String key, Map<String, String> query) {
        String match = query.get("ifGenerationMatch");
        if (match == null) {
            return null;
        }
        StoredObject current = objects.get(key);
        long expected = Long.parseLong(match);
        boolean holds = expected == 0 ? current == null : current != null && current.generation() == expected;
        return holds ? null : error(412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
    }

    private synchronized Response metadata(String bucket, String name, Map<String, String> query) {
        if (!buckets.contains(bucket)) {
            return noBucket();
        }
        StoredObject stored = objects.get(bucket + "/" + name);
        if (stored == null) {
            return noObject(bucket, name);
        }
        Response failed = precondition(bucket + "/" + name, query);
        return failed != null ? failed : Response.json(200, resource(bucket, name, stored).build());
    }

    private synchronized Response media(String bucket, String name, Map<String, String> query, String range) {
        if (!buckets.contains(bucket)) {
            return noBucket();
        }
        StoredObject stored = objects.get(bucket + "/" + name);
        if (stored == null || query.containsKey("generation") && Long.parseLong(query.get("generation")) != stored.generation()) {
            return noObject(bucket, name);
        }
        Response failed = precondition(bucket + "/" + name, query);
        if (failed != null) {
            return failed;
        }
        if (unreadable.contains(bucket + "/" + name)) {
            return error(403, "forbidden", "The caller does not have storage.objects.get access to the Google Cloud Storage object.");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", stored.contentType());
        headers.put("x-goog-generation", Long.toString(stored.generation()));
        headers.put("x-goog-metageneration", "1");
        headers.put("x-goog-stored-content-length", Integer.toString(stored.data().length));
        headers.put("x-goog-stored-content-encoding", "identity");
        byte[] data = stored.data();
        if (range == null) {
            return new Response(200, headers, data);
        }
        Matcher bytes = Pattern.compile("bytes=(\\d+)-(\\d*)").matcher(range);
        if (!bytes.matches()) {
            return error(400, "invalid", "Unsupported range " + range);
        }
        int from = Integer.parseInt(bytes.group(1));
        int to = bytes.group(2).isEmpty() ? data.length - 1 : Math.min(data.length - 1, Integer.parseInt(bytes.group(2)));
        if (from >= data.length) {
            headers.put("Content-Range", "bytes */" + data.length);
            return new Response(data.length == 0 && from == 0 ? 200 : 416, headers, new byte[0]);
        }
        headers.put("Content-Range", "bytes " + from + "-" + to + "/" + data.length);
        byte[] slice = java.util.Arrays.copyOfRange(data, from, to + 1);
        return new Response(from == 0 && to == data.length - 1 ? 200 : 206, headers, slice);
    }

    private synchronized Response delete(String bucket, String name, Map<String, String> query) {
        if (!buckets.contains(bucket)) {
            return noBucket();
        }
        String key = bucket + "/" + name;
        if (!objects.containsKey(key)) {
            return noObject(bucket, name);
        }
        Response failed = precondition(key, query);
        if (failed != null) {
            return failed;
        }
        if (undeletable.contains(key)) {
            return error(403, "retentionPolicyNotMet", "Object '" + key + "' is under active Temporary hold and cannot be deleted.");
        }
        objects.remove(key);
        return new Response(204, Map.of(), new byte[0]);
    }

    private synchronized Response list(String bucket, Map<String, String> query) {
        if (!buckets.contains(bucket)) {
            return noBucket();
        }
        String prefix = query.getOrDefault("prefix", "");
        int max = Math.min(pageSize, Integer.parseInt(query.getOrDefault("maxResults", Integer.toString(pageSize))));
        String after = query.get("pageToken");
        var items = Json.createArrayBuilder();
        String last = null;
        int count = 0;
        boolean more = false;
        for (Map.Entry<String, StoredObject> entry : objects.tailMap(bucket + "/" + prefix, true).entrySet()) {
            String name = entry.getKey().substring(bucket.length() + 1);
            if (!entry.getKey().startsWith(bucket + "/") || !name.startsWith(prefix)) {
                break;
            }
            if (after != null && name.compareTo(after) <= 0) {
                continue;
            }
            if (count == max) {
                more = true;
                break;
            }
            items.add(resource(bucket, name, entry.getValue()));
            last = name;
            count++;
        }
        JsonObjectBuilder page = Json.createObjectBuilder().add("kind", "storage#objects").add("items", items);
        if (more) {
            page.add("nextPageToken", last);
        }
        return Response.json(200, page.build());
    }

    /** A {@code multipart/mixed} batch: each part an HTTP request, each answered in a part of the response, in order. */
    private Response batch(Headers headers, byte[] body) {
        batches.incrementAndGet();
        String boundary = "batch_" + generations.incrementAndGet();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 0;
        for (byte[] part : multipartBodies(headers.getFirst("Content-Type"), body)) {
            String request = new String(part, ISO_8859_1);
            String[] line = request.substring(0, request.indexOf("\r\n")).split(" ");
            int headerEnd = request.indexOf("\r\n\r\n");
            byte[] inner = headerEnd < 0 ? new byte[0] : request.substring(headerEnd + 4).getBytes(ISO_8859_1);
            Headers innerHeaders = new Headers();
            for (String header : request.substring(request.indexOf("\r\n") + 2, Math.max(request.indexOf("\r\n") + 2, headerEnd)).split("\r\n")) {
                int colon = header.indexOf(':');
                if (colon > 0) {
                    innerHeaders.add(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
                }
            }
            Response answer = route(line[0], URI.create(line[1]).isAbsolute() ? URI.create(line[1]) : URI.create("http://x" + line[1]),
                    innerHeaders, inner);
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\nContent-Type: application/http\r\n")
                    .append("Content-ID: <response-").append(++n).append(">\r\n\r\n")
                    .append("HTTP/1.1 ").append(answer.status()).append(" ").append(answer.status() < 300 ? "OK" : "Error").append("\r\n");
            answer.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("Content-Length: ").append(answer.body().length).append("\r\n\r\n");
            out.writeBytes(head.toString().getBytes(ISO_8859_1));
            out.writeBytes(answer.body());
            out.writeBytes("\r\n".getBytes(ISO_8859_1));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(ISO_8859_1));
        return new Response(200, Map.of("Content-Type", "multipart/mixed; boundary=" + boundary), out.toByteArray());
    }

    private static JsonObjectBuilder resource(String bucket, String name, StoredObject stored) {
        return Json.createObjectBuilder()
                .add("kind", "storage#object")
                .add("id", bucket + "/" + name + "/" + stored.generation())
                .add("name", name)
                .add("bucket", bucket)
                .add("generation", Long.toString(stored.generation()))
                .add("metageneration", "1")
                .add("contentType", stored.contentType())
                .add("size", Integer.toString(stored.data().length))
                .add("timeCreated", stored.updated().toString())
                .add("updated", stored.updated().toString());
    }

    private static Response noBucket() {
        return error(404, "notFound", "The specified bucket does not exist.");
    }

    private static Response noObject(String bucket, String name) {
        return error(404, "notFound", "No such object: " + bucket + "/" + name);
    }

    private static Response error(int status, String reason, String message) {
        JsonObject error = Json.createObjectBuilder().add("error", Json.createObjectBuilder()
                .add("code", status)
                .add("message", message)
                .add("errors", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("message", message).add("domain", "global").add("reason", reason)))).build();
        return Response.json(status, error);
    }

    // --- OAuth: a service account's signed assertion is exchanged for a token that names the account ---

    private void token(HttpExchange exchange, byte[] body) throws IOException {
        if (refuseTokens) {
            send(exchange, Response.json(400, Json.createObjectBuilder().add("error", "invalid_grant")
                    .add("error_description", "Invalid JWT Signature.").build()));
            return;
        }
        Map<String, String> form = query(new String(body, UTF_8));
        String email = claim(form.getOrDefault("assertion", ""), "iss");
        String token = "stub-token-" + tokens.size() + "-" + generations.incrementAndGet();
        tokens.put(token, email);
        send(exchange, Response.json(200, Json.createObjectBuilder().add("access_token", token)
                .add("expires_in", 3600).add("token_type", "Bearer").build()));
    }

    private String caller(Headers headers) {
        String authorization = headers.getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "anonymous";
        }
        String token = authorization.substring("Bearer ".length());
        // A self-signed JWT names its account itself; an exchanged token was recorded when issued.
        return token.chars().filter(c -> c == '.').count() == 2 ? claim(token, "iss") : tokens.getOrDefault(token, "unknown token");
    }

    private static String claim(String jwt, String name) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return "not a JWT";
        }
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8);
        return Json.createReader(new StringReader(payload)).readObject().getString(name, "no " + name);
    }

    // --- HTTP helpers ---

    private static void send(HttpExchange exchange, Response response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        boolean empty = response.body().length == 0;
        exchange.sendResponseHeaders(response.status(), empty ? -1 : response.body().length);
        if (!empty) {
            exchange.getResponseBody().write(response.body());
        }
    }

    /** The SDK gzips JSON request bodies. */
    private static byte[] body(Headers headers, byte[] raw) throws IOException {
        if (!"gzip".equalsIgnoreCase(headers.getFirst("Content-Encoding"))) {
            return raw;
        }
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            query.put(decode(equals < 0 ? pair : pair.substring(0, equals)), equals < 0 ? "" : decode(pair.substring(equals + 1)));
        }
        return query;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), UTF_8);
    }

    /** The bodies of the parts of a multipart body, each without its part headers. */
    private static List<byte[]> multipartBodies(String contentType, byte[] body) {
        Matcher boundaryParameter = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
        if (!boundaryParameter.find()) {
            throw new IllegalArgumentException("no boundary in " + contentType);
        }
        byte[] delimiter = ("--" + boundaryParameter.group(1)).getBytes(ISO_8859_1);
        List<byte[]> parts = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break;
            }
            int next = indexOf(body, delimiter, start);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(ISO_8859_1), start);
            int end = next - 2; // the CRLF before the next delimiter belongs to it
            parts.add(java.util.Arrays.copyOfRange(body, headersEnd + 4, Math.max(headersEnd + 4, end)));
            at = next;
        }
        return parts;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
