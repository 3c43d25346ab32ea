package dev.resultstore.impl.codec;

import java.io.StringReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Map;

import dev.resultstore.ResultSerializationException;
import dev.resultstore.TaskFailure;
import dev.resultstore.TaskState;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.spi.JsonProvider;

/**
 * Writes and reads Celery's result document:
 * {@code {"status": ..., "result": ..., "traceback": ..., "children": [], "date_done": ..., "task_id": ...}}.
 * One instance per backend; thread-safe.
 */
public final class ResultCodec {

    private static final DateTimeFormatter WRITE_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter READ_DATE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .toFormatter();
    private static final long PID = ProcessHandle.current().pid();

    private final Jsonb jsonb;
    private final JsonReaderFactory readers;
    private final String hostname;

    public ResultCodec(Jsonb jsonb, String hostname) {
        this.jsonb = jsonb;
        this.readers = JsonProvider.provider().createReaderFactory(Map.of());
        this.hostname = hostname;
    }

    /**
     * A SUCCESS document. Throws {@link ResultSerializationException} saying why a value cannot
     * be stored.
     */
    public byte[] success(String taskId, Object value, TaskMetadata metadata, Instant now) {
        String valueJson = "null";
        if (value != null) {
            try {
                valueJson = jsonb.toJson(value);
            } catch (RuntimeException | StackOverflowError e) {
                throw new ResultSerializationException("The result of task " + taskId + " (a " + value.getClass().getName()
                        + ") cannot be stored as JSON: " + rootMessage(e)
                        + ". Return a JSON-B serializable type: a record, a class with public getters, a Map, a List or a String.", e);
            }
        }
        return document(taskId, TaskState.SUCCESS, valueJson, null, metadata, now);
    }

    public byte[] failure(String taskId, Throwable error, TaskMetadata metadata, Instant now) {
        Class<?> type = error.getClass();
        String module = type.getPackageName();
        String simpleName = module.isEmpty() ? type.getName() : type.getName().substring(module.length() + 1);
        StringBuilder result = new StringBuilder(128).append("{\"exc_type\": ");
        string(result, simpleName).append(", \"exc_message\": [");
        if (error.getMessage() != null) {
            string(result, error.getMessage());
        }
        result.append("], \"exc_module\": ");
        string(result, module).append('}');
        return document(taskId, TaskState.FAILURE, result.toString(), traceback(error), metadata, now);
    }

    /** A state without a value; STARTED carries Celery's {@code {"pid", "hostname"}}. */
    public byte[] state(String taskId, TaskState state, TaskMetadata metadata, Instant now) {
        String result = "null";
        if (state == TaskState.STARTED) {
            StringBuilder started = new StringBuilder(64).append("{\"pid\": ").append(PID).append(", \"hostname\": ");
            result = string(started, hostname).append('}').toString();
        }
        return document(taskId, state, result, null, metadata, now);
    }

    private static final byte[][] HEADS = new byte[TaskState.values().length][];

    static {
        for (TaskState state : TaskState.values()) {
            HEADS[state.ordinal()] = ("{\"status\": \"" + state.name() + "\", \"result\": ").getBytes(StandardCharsets.UTF_8);
        }
    }

    // Encodes each part once and copies it once into a document of the exact size: for large
    // values this avoids the copies of building one big string first.
    private byte[] document(String taskId, TaskState state, String resultJson, String traceback, TaskMetadata metadata,
            Instant now) {
        byte[] head = HEADS[state.ordinal()];
        byte[] result = resultJson.getBytes(StandardCharsets.UTF_8);
        byte[] tail = tail(taskId, state, traceback, metadata, now).getBytes(StandardCharsets.UTF_8);
        byte[] document = new byte[head.length + result.length + tail.length];
        System.arraycopy(head, 0, document, 0, head.length);
        System.arraycopy(result, 0, document, head.length, result.length);
        System.arraycopy(tail, 0, document, head.length + result.length, tail.length);
        return document;
    }

    /** Everything after the result: Celery's fields in Celery's order, then the extended ones. */
    private static String tail(String taskId, TaskState state, String traceback, TaskMetadata metadata, Instant now) {
        StringBuilder json = new StringBuilder(160 + (traceback == null ? 0 : traceback.length()));
        json.append(", \"traceback\": ");
        nullableString(json, traceback).append(", \"children\": [], \"date_done\": ");
        nullableString(json, state.isReady() ? WRITE_DATE.format(now) : null).append(", \"task_id\": ");
        string(json, taskId);
        if (metadata != null) {
            json.append(", \"name\": ");
            nullableString(json, metadata.name()).append(", \"args\": ").append(orNull(metadata.argsJson()))
                    .append(", \"kwargs\": ").append(orNull(metadata.kwargsJson())).append(", \"worker\": ");
            nullableString(json, metadata.worker()).append(", \"retries\": ").append(metadata.retries())
                    .append(", \"queue\": ");
            nullableString(json, metadata.queue()).append(", \"date_started\": ");
            nullableString(json, metadata.dateStarted() == null ? null : WRITE_DATE.format(metadata.dateStarted()));
        }
        return json.append('}').toString();
    }

    /** Decodes a stored document; a broken one gives {@link ResultSerializationException} naming the key. */
    public StoredResult decode(String key, String taskId, byte[] bytes) {
        try {
            DocumentScanner.Fields fields = DocumentScanner.scan(bytes);
            if (fields.statusStart < 0) {
                throw corrupted(key, "it has no \"status\"", null);
            }
            TaskState state = state(DocumentScanner.string(bytes, fields.statusStart, fields.statusEnd));
            String traceback = fields.tracebackStart < 0 ? null
                    : DocumentScanner.string(bytes, fields.tracebackStart, fields.tracebackEnd);
            String dateDone = fields.dateDoneStart < 0 ? null
                    : DocumentScanner.string(bytes, fields.dateDoneStart, fields.dateDoneEnd);
            TaskFailure failure = state == TaskState.FAILURE
                    ? failure(fields.resultStart < 0 ? JsonValue.NULL : parse(bytes, fields.resultStart, fields.resultEnd), traceback)
                    : null;
            return new StoredResult(key, taskId, state, true, bytes, fields.resultStart, fields.resultEnd, failure, dateDone);
        } catch (ResultSerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw corrupted(key, rootMessage(e), e);
        }
    }

    // Strings rather than streams: a stream source costs a fresh 8 KB decoder buffer per read.
    private JsonValue parse(byte[] bytes, int start, int end) {
        try (JsonReader reader = readers.createReader(new StringReader(new String(bytes, start, end - start, StandardCharsets.UTF_8)))) {
            return reader.readValue();
        }
    }

    /** The stored result value as {@code type}: one JSON-B pass over the result's own bytes. */
    public <T> T value(StoredResult stored, Class<T> type) {
        if (stored.resultIsNull()) {
            return null;
        }
        try {
            if (type == Object.class) {
                return type.cast(plainJava(parse(stored.document(), stored.resultStart(), stored.resultEnd())));
            }
            if (JsonValue.class.isAssignableFrom(type)) {
                return type.cast(parse(stored.document(), stored.resultStart(), stored.resultEnd()));
            }
            return jsonb.fromJson(new String(stored.document(), stored.resultStart(),
                    stored.resultEnd() - stored.resultStart(), StandardCharsets.UTF_8), type);
        } catch (RuntimeException e) {
            throw new ResultSerializationException("The result stored under '" + stored.key() + "' cannot be read as "
                    + type.getName() + ": " + rootMessage(e), e);
        }
    }

    /**
     * JSON as plain Java, as Python's {@code json} module reads it: objects as {@code Map}, arrays
     * as {@code List}, whole numbers as {@code Integer}/{@code Long}/{@code BigInteger}, others as
     * {@code Double}.
     */
    static Object plainJava(JsonValue value) {
        switch (value.getValueType()) {
            case OBJECT:
                Map<String, Object> map = new java.util.LinkedHashMap<>();
                value.asJsonObject().forEach((name, member) -> map.put(name, plainJava(member)));
                return map;
            case ARRAY:
                java.util.List<Object> list = new java.util.ArrayList<>();
                value.asJsonArray().forEach(element -> list.add(plainJava(element)));
                return list;
            case STRING:
                return ((JsonString) value).getString();
            case NUMBER:
                JsonNumber number = (JsonNumber) value;
                if (!number.isIntegral()) {
                    return number.doubleValue();
                }
                java.math.BigInteger integer = number.bigIntegerValue();
                if (integer.bitLength() < 32) {
                    return integer.intValue();
                }
                return integer.bitLength() < 64 ? (Object) integer.longValue() : integer;
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    private static TaskState state(String status) {
        if (status == null) {
            throw new IllegalArgumentException("\"status\" is null");
        }
        try {
            return TaskState.valueOf(status);
        } catch (IllegalArgumentException e) {
            // Celery allows custom states (e.g. PROGRESS) for running tasks.
            return TaskState.STARTED;
        }
    }

    private static TaskFailure failure(JsonValue result, String traceback) {
        if (result instanceof JsonObject) {
            JsonObject exception = (JsonObject) result;
            return new TaskFailure(text(exception, "exc_type"), text(exception, "exc_module"),
                    message(exception.get("exc_message")), traceback);
        }
        return new TaskFailure(null, null, result == JsonValue.NULL ? null : plain(result), traceback);
    }

    private static String message(JsonValue value) {
        if (value instanceof JsonArray) {
            JsonArray parts = (JsonArray) value;
            if (parts.isEmpty()) {
                return null;
            }
            StringBuilder message = new StringBuilder();
            for (JsonValue part : parts) {
                message.append(message.length() == 0 ? "" : ", ").append(plain(part));
            }
            return message.toString();
        }
        return value == null || value == JsonValue.NULL ? null : plain(value);
    }

    private static String plain(JsonValue value) {
        return value instanceof JsonString ? ((JsonString) value).getString() : value.toString();
    }

    private static String text(JsonObject object, String field) {
        JsonValue value = object.get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        return value instanceof JsonNumber ? value.toString() : plain(value);
    }

    /** Reads {@code date_done} with or without an offset (without one, it is UTC, as Celery writes it). */
    static Instant date(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return parseDate(text);
        } catch (java.time.DateTimeException e) {
            return null; // an unreadable date_done must not hide the result; cleanup then goes by last-modified time
        }
    }

    private static Instant parseDate(String text) {
        TemporalAccessor parsed = READ_DATE.parse(text.replace(' ', 'T'));
        return parsed.isSupported(ChronoField.OFFSET_SECONDS)
                ? OffsetDateTime.from(parsed).toInstant()
                : LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
    }

    static String traceback(Throwable error) {
        StringWriter trace = new StringWriter(1024);
        try (PrintWriter writer = new PrintWriter(trace)) {
            error.printStackTrace(writer);
        }
        return trace.toString();
    }

    private static ResultSerializationException corrupted(String key, String why, Throwable cause) {
        return new ResultSerializationException("The document stored under '" + key
                + "' is not a valid result document: " + why + ". Delete it (ResultBackend.forget) or fix it by hand.", cause);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String orNull(String json) {
        return json == null ? "null" : json;
    }

    private static StringBuilder nullableString(StringBuilder out, String value) {
        return value == null ? out.append("null") : string(out, value);
    }

    /** Appends {@code value} as a JSON string. */
    static StringBuilder string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"');
    }
}
