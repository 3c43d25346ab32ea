package dev.resultstore.impl.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.Set;

import dev.resultstore.ResultSerializationException;
import dev.resultstore.TaskFailure;
import dev.resultstore.TaskState;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.spi.JsonProvider;

/**
 * Writes and reads Celery's result document:
 * {@code {"status": ..., "result": ..., "traceback": ..., "children": [], "date_done": ..., "task_id": ...}}.
 * One instance per backend; thread-safe.
 */
public final class ResultCodec {

    private static final long PID = ProcessHandle.current().pid();

    /**
     * The field of non-ready documents that says who wrote them ({@code <node>/<instance>}), so
     * that a node restarting after a crash can settle what its dead instance left unfinished.
     * Celery ignores fields it does not know.
     */
    public static final String OWNER_FIELD = "resultstore_owner";

    private final Supplier<Jsonb> jsonb;
    private volatile JsonReaderFactory readers;
    private final String hostname;
    private final String owner;

    public ResultCodec(Jsonb jsonb, String hostname) {
        this(() -> jsonb, hostname, null);
    }

    /**
     * @param jsonb for values that are neither plain nor plain records, asked for only then
     * @param owner {@code <node>/<instance>}, written into non-ready documents; {@code null} for none
     */
    public ResultCodec(Supplier<Jsonb> jsonb, String hostname, String owner) {
        this.jsonb = jsonb;
        this.hostname = hostname;
        this.owner = owner;
    }

    // Made at first use, like JSON-B: only a value read as a JSON-P type needs it.
    private JsonReaderFactory readers() {
        JsonReaderFactory made = readers;
        if (made == null) {
            made = JsonProvider.provider().createReaderFactory(Map.of());
            readers = made;
        }
        return made;
    }

    /**
     * A FAILURE saying the worker was lost, as Celery stores it ({@code WorkerLostError} from
     * {@code billiard.exceptions}), so that Python readers understand it too.
     */
    public byte[] workerLost(String taskId, String message, Instant now) {
        JsonWriter json = head(TaskState.FAILURE, 256);
        json.ascii("{\"exc_type\": \"WorkerLostError\", \"exc_message\": [").string(message)
                .ascii("], \"exc_module\": \"billiard.exceptions\"}");
        return tail(json, taskId, TaskState.FAILURE, null, null, now, null);
    }

    /**
     * A SUCCESS document. Throws {@link ResultSerializationException} saying why a value cannot
     * be stored.
     */
    public byte[] success(String taskId, Object value, TaskMetadata metadata, Instant now) {
        JsonWriter json = head(TaskState.SUCCESS, 256);
        try {
            json.value(value);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw new ResultSerializationException("The result of task " + taskId + " (a " + value.getClass().getName()
                    + ") cannot be stored as JSON: " + rootMessage(e)
                    + ". Return a JSON-B serializable type: a record, a class with public getters, a Map, a List or a String.", e);
        }
        return tail(json, taskId, TaskState.SUCCESS, null, metadata, now, null);
    }

    public byte[] failure(String taskId, Throwable error, TaskMetadata metadata, Instant now) {
        Class<?> type = error.getClass();
        String module = type.getPackageName();
        String simpleName = module.isEmpty() ? type.getName() : type.getName().substring(module.length() + 1);
        String traceback = traceback(error);
        JsonWriter json = head(TaskState.FAILURE, 256 + traceback.length());
        json.ascii("{\"exc_type\": ").string(simpleName).ascii(", \"exc_message\": [");
        if (error.getMessage() != null) {
            json.string(error.getMessage());
        }
        json.ascii("], \"exc_module\": ").string(module).ascii("}");
        return tail(json, taskId, TaskState.FAILURE, traceback, metadata, now, null);
    }

    /**
     * A custom state with its meta as the result, as Celery's {@code update_state(state, meta)}
     * stores it (e.g. {@code PROGRESS} with {@code {"done": 40, "total": 100}}). Not ready.
     */
    public byte[] custom(String taskId, String stateName, Object meta, TaskMetadata metadata, Instant now) {
        JsonWriter json = new JsonWriter(jsonb, 256).ascii("{\"status\": ").string(stateName).ascii(", \"result\": ");
        try {
            json.value(meta);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw new ResultSerializationException("The meta of state " + stateName + " of task " + taskId + " (a "
                    + meta.getClass().getName() + ") cannot be stored as JSON: " + rootMessage(e), e);
        }
        return tail(json, taskId, TaskState.STARTED, null, metadata, now, owner);
    }

    /** A state without a value; STARTED carries Celery's {@code {"pid", "hostname"}}. */
    public byte[] state(String taskId, TaskState state, TaskMetadata metadata, Instant now) {
        JsonWriter json = head(state, 256);
        if (state == TaskState.STARTED) {
            json.ascii("{\"pid\": ").number(PID).ascii(", \"hostname\": ").string(hostname).ascii("}");
        } else {
            json.ascii("null");
        }
        return tail(json, taskId, state, null, metadata, now, state.isReady() ? null : owner);
    }

    private static final byte[][] HEADS = new byte[TaskState.values().length][];

    static {
        for (TaskState state : TaskState.values()) {
            HEADS[state.ordinal()] = ("{\"status\": \"" + state.name() + "\", \"result\": ").getBytes(StandardCharsets.UTF_8);
        }
    }

    // The whole document goes into one buffer, in Celery's field order, and is copied once at the end.
    private JsonWriter head(TaskState state, int capacity) {
        return new JsonWriter(jsonb, capacity).bytes(HEADS[state.ordinal()]);
    }

    /** Everything after the result: Celery's fields in Celery's order, then the extended ones. */
    private static byte[] tail(JsonWriter json, String taskId, TaskState state, String traceback, TaskMetadata metadata,
            Instant now, String owner) {
        json.ascii(", \"traceback\": ").nullableString(traceback).ascii(", \"children\": [], \"date_done\": ");
        if (state.isReady()) {
            CeleryDates.write(json, now);
        } else {
            json.ascii("null");
        }
        json.ascii(", \"task_id\": ").string(taskId);
        if (metadata != null) {
            json.ascii(", \"name\": ").nullableString(metadata.name())
                    .ascii(", \"args\": ").raw(orNull(metadata.argsJson()))
                    .ascii(", \"kwargs\": ").raw(orNull(metadata.kwargsJson()))
                    .ascii(", \"worker\": ").nullableString(metadata.worker())
                    .ascii(", \"retries\": ").number(metadata.retries())
                    .ascii(", \"queue\": ").nullableString(metadata.queue())
                    .ascii(", \"date_started\": ");
            if (metadata.dateStarted() == null) {
                json.ascii("null");
            } else {
                CeleryDates.write(json, metadata.dateStarted());
            }
        }
        if (owner != null) {
            json.ascii(", \"" + OWNER_FIELD + "\": ").string(owner);
        }
        return json.ascii("}").toByteArray();
    }

    /**
     * Decodes a stored document, checking all of it: anything Python's {@code json} would not
     * read gives {@link ResultSerializationException} naming the key.
     */
    public StoredResult decode(String key, String taskId, byte[] bytes) {
        try {
            DocumentScanner.Fields fields = DocumentScanner.scan(bytes);
            if (fields.statusStart < 0) {
                throw corrupted(key, "it has no \"status\"", null);
            }
            if (bytes[fields.statusStart] != '"') {
                throw corrupted(key, "its \"status\" is not a string", null);
            }
            String status = DocumentScanner.string(bytes, fields.statusStart, fields.statusEnd);
            TaskState state = state(status);
            String traceback = fields.tracebackStart < 0 ? null
                    : DocumentScanner.string(bytes, fields.tracebackStart, fields.tracebackEnd);
            String dateDone = fields.dateDoneStart < 0 || bytes[fields.dateDoneStart] != '"' ? null
                    : DocumentScanner.string(bytes, fields.dateDoneStart, fields.dateDoneEnd);
            TaskFailure failure = failure(state, bytes, fields, traceback);
            String owner = fields.ownerStart < 0 || bytes[fields.ownerStart] != '"' ? null
                    : DocumentScanner.string(bytes, fields.ownerStart, fields.ownerEnd);
            return new StoredResult(key, taskId, state, true, bytes, fields.resultStart, fields.resultEnd, failure, dateDone,
                    owner, status, fields.taskIdStart, fields.taskIdEnd);
        } catch (ResultSerializationException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw corrupted(key, rootMessage(e), e);
        }
    }

    /**
     * Decodes a document read from a stream, refusing one larger than {@code maxBytes}
     * ({@code resultstore.max-result-size}) after reading at most one byte past the limit: an
     * oversized or hostile document never costs more. The caller closes the stream.
     */
    public StoredResult decode(String key, String taskId, InputStream in, int maxBytes) throws IOException {
        byte[] bytes = BoundedReads.readAtMost(in, maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw corrupted(key, "it is larger than resultstore.max-result-size (" + maxBytes + " bytes)", null);
        }
        return decode(key, taskId, bytes);
    }

    /** Documents shorter than this are read whole by {@link #envelope}: one read, as cheap, and cached whole. */
    static final int READ_WHOLE_BELOW = 8192;

    /**
     * Reads a document's envelope from a stream: {@code status} and the {@code wanted} fields.
     * A document that ends within {@value #READ_WHOLE_BELOW} bytes (and {@code maxBytes}) is
     * decoded whole, as {@link #decode} does, and given with the envelope. A longer one is read
     * only up to the member that completes the fields, every other value (a result of any size)
     * skipped in constant memory and checked as strictly as {@link #decode} checks it; what
     * comes after is not read. The caller closes the stream.
     *
     * @param maxBytes {@code resultstore.max-result-size}: no larger document is read whole, and
     *                 no longer envelope string (a {@code status} of any length would cost as much)
     */
    public Envelope envelope(String key, String taskId, InputStream in, Set<Envelope.Field> wanted, int maxBytes)
            throws IOException {
        return envelope(key, taskId, in, wanted, maxBytes, READ_WHOLE_BELOW);
    }

    Envelope envelope(String key, String taskId, InputStream in, Set<Envelope.Field> wanted, int maxBytes, int wholeBelow)
            throws IOException {
        // Most documents end within the first read: only a longer one gets the scanner's whole buffer.
        byte[] buffer = new byte[Math.max(Math.min(wholeBelow, BoundedReads.FIRST_READ), JsonStream.MIN_BUFFER)];
        int head = in.readNBytes(buffer, 0, buffer.length);
        if (head == buffer.length && buffer.length < wholeBelow) {
            buffer = Arrays.copyOf(buffer, wholeBelow);
            head += in.readNBytes(buffer, head, buffer.length - head);
        }
        if (head < wholeBelow && head <= maxBytes) {
            return Envelope.of(decode(key, taskId, Arrays.copyOf(buffer, head)));
        }
        EnvelopeScanner scanned;
        try {
            scanned = EnvelopeScanner.scan(new JsonStream(in, buffer, head), wanted, maxBytes);
        } catch (ResultSerializationException e) {
            throw e; // the stream's own refusal (a document that fails decryption), already naming the key
        } catch (RuntimeException | StackOverflowError e) {
            throw corrupted(key, rootMessage(e), e);
        }
        if (!scanned.statusSeen) {
            throw corrupted(key, "it has no \"status\"", null);
        }
        if (scanned.status == null) {
            throw corrupted(key, "its \"status\" is not a string", null);
        }
        return new Envelope(key, taskId, true, state(scanned.status), scanned.status, scanned.dateDone, scanned.taskId,
                scanned.owner, Set.copyOf(wanted), null);
    }

    /**
     * The stored result value as {@code type}. Plain values and records are read straight from
     * the document's bytes; other types (and values that do not fit the direct reader) by JSON-B.
     * {@code Object} gives the value as Python's {@code json} reads it: objects as {@code Map},
     * arrays as {@code List}, whole numbers as {@code Integer}/{@code Long}/{@code BigInteger},
     * others as {@code Double} (NaN and the infinities included).
     */
    public <T> T value(StoredResult stored, Class<T> type) {
        if (stored.resultIsNull()) {
            return null;
        }
        byte[] document = stored.document();
        int start = stored.resultStart();
        int end = stored.resultEnd();
        try {
            if (type == Object.class) {
                return type.cast(new JsonParser(document, start, end).readPlain());
            }
            if (JsonValue.class.isAssignableFrom(type)) {
                try (JsonReader reader = readers().createReader(new StringReader(new String(document, start, end - start, StandardCharsets.UTF_8)))) {
                    return type.cast(reader.readValue());
                }
            }
            Binding binding = Binding.of(type);
            if (binding != null) {
                try {
                    return type.cast(binding.read(new JsonParser(document, start, end)));
                } catch (JsonParser.Mismatch e) {
                    // not the shape the direct reader expects: JSON-B decides, below
                }
            }
            return jsonb.get().fromJson(new String(document, start, end - start, StandardCharsets.UTF_8), type);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw new ResultSerializationException("The result stored under '" + stored.key() + "' cannot be read as "
                    + type.getName() + ": " + rootMessage(e), e);
        }
    }

    private static TaskState state(String status) {
        try {
            return TaskState.valueOf(status);
        } catch (IllegalArgumentException e) {
            // Celery allows custom states (e.g. PROGRESS) for running tasks.
            return TaskState.STARTED;
        }
    }

    /**
     * The exception of a FAILURE, and of a RETRY or REVOKED whose result is Celery's exception
     * object ({@code exc_type}, {@code exc_message}, {@code exc_module}).
     */
    private static TaskFailure failure(TaskState state, byte[] bytes, DocumentScanner.Fields fields, String traceback) {
        if (state != TaskState.FAILURE && state != TaskState.RETRY && state != TaskState.REVOKED) {
            return null;
        }
        Object result = fields.resultStart < 0 ? null : new JsonParser(bytes, fields.resultStart, fields.resultEnd).readPlain();
        if (result instanceof Map<?, ?> exception && (state == TaskState.FAILURE || exception.containsKey("exc_type"))) {
            return new TaskFailure(text(exception.get("exc_type")), text(exception.get("exc_module")),
                    message(exception.get("exc_message")), traceback);
        }
        return state == TaskState.FAILURE ? new TaskFailure(null, null, text(result), traceback) : null;
    }

    private static String message(Object value) {
        if (value instanceof List<?> parts) {
            if (parts.isEmpty()) {
                return null;
            }
            StringBuilder message = new StringBuilder();
            for (Object part : parts) {
                message.append(message.length() == 0 ? "" : ", ").append(text(part));
            }
            return message.toString();
        }
        return text(value);
    }

    /** A string as itself, any other value as its JSON text. */
    private static String text(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        return new String(new JsonWriter(null, 32).value(value).toByteArray(), StandardCharsets.UTF_8);
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
}
