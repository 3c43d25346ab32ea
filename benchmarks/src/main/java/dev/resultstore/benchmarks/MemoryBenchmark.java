package dev.resultstore.benchmarks;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.resultstore.ResultBackend;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import dev.resultstore.benchmarks.Payload.Report;

/**
 * The memory store against a {@link ConcurrentHashMap} put of the encoded document: the
 * difference is what ResultStore adds around storage (mostly the codec). And its reads against
 * the JSON libraries a codec could be built on, reading the same document: JSON-B (Yasson)
 * binding the whole document to a record, and a streaming JSON-P parser (Parsson) building the
 * untyped {@code Map} — the measurement behind the codec's own strict reader.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class MemoryBenchmark {

    private static final String TASK = "5c1f0b6e-3a55-4d7e-9a2f-0d6c1e2b7a41";
    private static final String KEY = Backends.KEY_PREFIX + TASK;

    @Param({"100B", "10KB", "1MB"})
    public String payload;

    private static final String FIELDS_TASK = "0d7f6a5b-2c3d-4e5f-8a9b-0c1d2e3f4a5b";

    /** The document as JSON-B would bind it whole. */
    public record Envelope(String status, Report result, String traceback, String date_done, String task_id) {
    }

    private ResultBackend results;
    private Report value;
    private byte[] document;
    private byte[] fieldsDocument;
    private final Jsonb jsonb = JsonbBuilder.create();
    private final JsonParserFactory parsers = new org.eclipse.parsson.JsonProviderImpl().createParserFactory(Map.of());
    private final Map<String, byte[]> map = new ConcurrentHashMap<>();

    @Setup
    public void setUp() throws Exception {
        Scratch.quietLogs();
        results = Backends.memory();
        value = Payload.of(payload);
        results.storeSuccess(TASK, value);
        document = Backends.document(TASK, value);
        Map<String, String> fields = Payload.fields(payload);
        results.storeSuccess(FIELDS_TASK, fields);
        fieldsDocument = Backends.document(FIELDS_TASK, fields);
        if (!rawGetMap().equals(getMap()) || !rawGet().equals(get())) {
            throw new IllegalStateException("the baselines do not read what ResultStore reads");
        }
    }

    @TearDown
    public void tearDown() {
        results.close();
    }

    @Benchmark
    public void store() {
        results.storeSuccess(TASK, value);
    }

    @Benchmark
    public byte[] rawStore() {
        return map.put(KEY, document);
    }

    @Benchmark
    public Report get() {
        return results.result(TASK, Report.class).value().orElseThrow();
    }

    @Benchmark
    public Report rawGet() {
        return jsonb.fromJson(new ByteArrayInputStream(document), Envelope.class).result();
    }

    @Benchmark
    public Object getMap() {
        return results.result(FIELDS_TASK).value().orElseThrow();
    }

    @Benchmark
    public Object rawGetMap() {
        try (JsonParser parser = parsers.createParser(new ByteArrayInputStream(fieldsDocument), StandardCharsets.UTF_8)) {
            parser.next();
            Map<?, ?> document = (Map<?, ?>) plain(parser, parser.currentEvent());
            return document.get("result");
        }
    }

    /** A streaming JSON-P read into plain Java, as a JSON-P based codec would do it. */
    private static Object plain(JsonParser parser, JsonParser.Event event) {
        switch (event) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonParser.Event next = parser.next(); next != JsonParser.Event.END_OBJECT; next = parser.next()) {
                    String name = parser.getString();
                    map.put(name, plain(parser, parser.next()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonParser.Event next = parser.next(); next != JsonParser.Event.END_ARRAY; next = parser.next()) {
                    list.add(plain(parser, next));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getString();
            case VALUE_NUMBER:
                return parser.isIntegralNumber() ? (Object) parser.getLong() : (Object) parser.getBigDecimal().doubleValue();
            case VALUE_TRUE:
                return true;
            case VALUE_FALSE:
                return false;
            default:
                return null;
        }
    }
}
