package dev.resultstore.impl.codec;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.eclipse.parsson.JsonProviderImpl;

import dev.resultstore.ResultSerializationException;
import dev.resultstore.TaskFailure;
import dev.resultstore.TaskState;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.spi.JsonProvider;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Generated documents read as a real JSON parser (Parsson) reads them, and damaged ones give
 * the same meaning or {@link ResultSerializationException}: never another exception, never a hang.
 */
class DocumentPropertiesTest {

    private static final JsonProvider PARSSON = new JsonProviderImpl();
    private static final List<String> STATUSES = List.of("SUCCESS", "FAILURE", "RETRY", "REVOKED", "STARTED", "PENDING",
            "RECEIVED", "PROGRESS");
    private static final String KEY = "celery-task-meta-p";

    private final ResultCodec codec = new ResultCodec(JsonbBuilder.create(), "host");

    @Property(tries = 1500)
    void generatedDocumentsReadAsAJsonParserReadsThem(@ForAll long seed) {
        byte[] document = document(new RandomJson(seed, false));

        assertSameMeaningAsParsson(document, codec.decode(KEY, "p", document));
    }

    @Property(tries = 500)
    void celerysNonFiniteTokensReadAsPythonReadsThem(@ForAll long seed) {
        RandomJson json = new RandomJson(seed, true);
        String token = List.of("NaN", "Infinity", "-Infinity").get(json.random().nextInt(3));
        String document = json.object(List.of(json.member("status", "\"SUCCESS\""),
                json.member("result", "[" + json.value(2) + "," + json.whitespace() + token + "]")));

        StoredResult stored = codec.decode(KEY, "p", document.getBytes(StandardCharsets.UTF_8));

        List<?> result = (List<?>) codec.value(stored, Object.class);
        assertThat(result.get(1)).isEqualTo(Double.parseDouble(token));
    }

    @Property(tries = 300)
    void repeatedNamesMeanTheirLastValue(@ForAll long seed) {
        RandomJson json = new RandomJson(seed, false);
        String first = STATUSES.get(json.random().nextInt(STATUSES.size()));
        String last = STATUSES.get(json.random().nextInt(STATUSES.size()));
        String document = "{" + json.member("status", json.string(first)) + "," + json.member("result", json.value(2)) + ","
                + json.member("status", json.string(last)) + "}";

        assertThat(codec.decode(KEY, "p", document.getBytes(StandardCharsets.UTF_8)).state()).isEqualTo(state(last));
    }

    @Property(tries = 3000)
    void damagedDocumentsGiveTheSameMeaningOrResultSerializationException(@ForAll long seed) {
        RandomJson json = new RandomJson(seed, false);
        byte[] damaged = damage(document(json), json.random());

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            StoredResult stored;
            try {
                stored = codec.decode(KEY, "p", damaged);
            } catch (ResultSerializationException e) {
                assertThat(e).hasMessageContaining("'" + KEY + "'");
                return;
            }
            // Accepted: then a real JSON parser accepts it too and reads the same.
            assertSameMeaningAsParsson(damaged, stored);
            for (Class<?> type : List.of(Object.class, String.class, Integer.class, Map.class, List.class,
                    ResultCodecTest.Report.class, JsonValue.class)) {
                try {
                    codec.value(stored, type);
                } catch (ResultSerializationException e) {
                    assertThat(e).hasMessageContaining("'" + KEY + "'");
                }
            }
            try {
                stored.dateDone();
            } catch (RuntimeException e) {
                throw new AssertionError("dateDone() threw " + e, e);
            }
        });
    }

    @Property(tries = 300)
    void aStreamedDocumentReadsAsItsBytes(@ForAll long seed) throws Exception {
        byte[] document = document(new RandomJson(seed, false));

        StoredResult stored = codec.decode(KEY, "p", new ByteArrayInputStream(document), document.length);

        assertSameMeaningAsParsson(document, stored);
    }

    @Property(tries = 1000)
    void whatIsWrittenReadsBackEqual(@ForAll long seed) {
        RandomJson json = new RandomJson(seed, true);
        byte[] source = json.value(4).getBytes(StandardCharsets.UTF_8);
        Object value = new dev.resultstore.impl.codec.JsonParser(source, 0, source.length).readPlain();

        StoredResult stored = codec.decode(KEY, "p", codec.success("p", value, null, java.time.Instant.EPOCH));

        assertThat(codec.value(stored, Object.class)).isEqualTo(value);
    }

    // ---- documents ----

    private static byte[] document(RandomJson json) {
        Random random = json.random();
        List<String> members = new ArrayList<>();
        String status = STATUSES.get(random.nextInt(STATUSES.size()));
        members.add(json.member("status", json.string(status)));
        if (random.nextInt(6) != 0) {
            String result = status.equals("FAILURE") || status.equals("RETRY") && random.nextBoolean()
                    ? json.object(List.of(json.member("exc_type", json.string(json.randomText())),
                            json.member("exc_message", random.nextBoolean() ? "[" + json.value(1) + "]" : json.value(1)),
                            json.member("exc_module", json.value(0))))
                    : json.value(4);
            members.add(json.member("result", result));
        }
        if (random.nextBoolean()) {
            members.add(json.member("traceback", random.nextBoolean() ? "null" : json.string(json.randomText())));
        }
        if (random.nextBoolean()) {
            members.add(json.member("date_done", random.nextBoolean() ? "null"
                    : json.string(random.nextBoolean() ? "2026-11-24T10:15:30.123456+00:00" : json.randomText())));
        }
        members.add(json.member("children", "[]"));
        for (int i = random.nextInt(3); i > 0; i--) {
            members.add(json.member("x-" + i, json.value(2)));
        }
        return (json.whitespace() + json.object(members) + json.whitespace()).getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes damaged one way: cut short, a byte changed, invalid UTF-8 put in, garbage appended, a byte dropped. */
    static byte[] damage(byte[] document, Random random) {
        int at = random.nextInt(document.length);
        switch (random.nextInt(6)) {
            case 0:
                return java.util.Arrays.copyOf(document, at);
            case 1: {
                byte[] changed = document.clone();
                changed[at] ^= (byte) (1 + random.nextInt(255));
                return changed;
            }
            case 2: {
                byte[][] invalid = {{(byte) 0xff}, {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xb0, (byte) 0x80},
                        {(byte) 0xe2, (byte) 0x82}, {(byte) 0x80}, {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
                return insert(document, at, invalid[random.nextInt(invalid.length)]);
            }
            case 3: {
                String garbage = List.of("x", "}", "{}", ",", "\"", "]", " null", "\u0000", "\\", "1").get(random.nextInt(10));
                return insert(document, document.length, garbage.getBytes(StandardCharsets.UTF_8));
            }
            case 4: {
                byte[] shorter = new byte[document.length - 1];
                System.arraycopy(document, 0, shorter, 0, at);
                System.arraycopy(document, at + 1, shorter, at, document.length - at - 1);
                return shorter;
            }
            default: {
                String token = List.of("[", "{", "\"", ":", ",", "-", "0", "e", ".", "\\u", "\t").get(random.nextInt(11));
                return insert(document, at, token.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static byte[] insert(byte[] document, int at, byte[] bytes) {
        byte[] longer = new byte[document.length + bytes.length];
        System.arraycopy(document, 0, longer, 0, at);
        System.arraycopy(bytes, 0, longer, at, bytes.length);
        System.arraycopy(document, at, longer, at + bytes.length, document.length - at);
        return longer;
    }

    // ---- the oracle ----

    private void assertSameMeaningAsParsson(byte[] document, StoredResult stored) {
        Map<?, ?> expected = (Map<?, ?>) parsson(new ByteArrayInputStream(document));
        String status = (String) expected.get("status");
        assertThat(stored.state()).isEqualTo(state(status));
        assertThat(stored.exists()).isTrue();
        Object result = expected.get("result");
        // JSON-P keeps numbers as BigDecimal, which loses the sign of -0.0: compare zeros as equal
        assertThat(withoutNegativeZero(codec.value(stored, Object.class))).isEqualTo(withoutNegativeZero(result));
        Object traceback = expected.get("traceback");
        Object dateDone = expected.get("date_done");
        assertThat(stored.dateDoneText()).isEqualTo(dateDone instanceof String text ? text : null);
        TaskFailure failure = stored.failure();
        if (status.equals("FAILURE")) {
            assertSameText(failure.traceback(), traceback);
            if (result instanceof Map<?, ?> exception) {
                assertSameText(failure.type(), exception.get("exc_type"));
                assertSameText(failure.module(), exception.get("exc_module"));
            }
        } else if ((status.equals("RETRY") || status.equals("REVOKED")) && result instanceof Map<?, ?> exception
                && exception.containsKey("exc_type")) {
            assertSameText(failure.type(), exception.get("exc_type"));
            assertSameText(failure.traceback(), traceback);
        } else {
            assertThat(failure).isNull();
        }
    }

    private static TaskState state(String status) {
        try {
            return TaskState.valueOf(status);
        } catch (IllegalArgumentException e) {
            return TaskState.STARTED; // a custom state such as PROGRESS
        }
    }

    /** A string field is that string; any other JSON value is given as its JSON text. */
    private static void assertSameText(String actual, Object expected) {
        if (expected == null || expected instanceof String) {
            assertThat(actual).isEqualTo(expected);
            return;
        }
        byte[] text = actual.getBytes(StandardCharsets.UTF_8);
        // read back with the codec's reader: a float that overflowed is written as Infinity, which JSON-P cannot read
        Object reread = new dev.resultstore.impl.codec.JsonParser(text, 0, text.length).readPlain();
        assertThat(withoutNegativeZero(reread)).isEqualTo(withoutNegativeZero(expected));
    }

    private static Object withoutNegativeZero(Object value) {
        if (value instanceof Double number && number == 0.0) {
            return 0.0;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((name, member) -> copy.put(name, withoutNegativeZero(member)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(DocumentPropertiesTest::withoutNegativeZero).toList();
        }
        return value;
    }

    /**
     * What Parsson's streaming parser reads, as Python's json gives it: whole numbers (as written:
     * no fraction, no exponent) as int, others as float; a repeated name keeps its last value.
     */
    static Object parsson(java.io.InputStream in) {
        try (JsonParser parser = PARSSON.createParser(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
            parser.next();
            return plain(parser, parser.currentEvent());
        }
    }

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
            case VALUE_NUMBER: {
                String text = parser.getString();
                if (text.contains(".") || text.contains("e") || text.contains("E")) {
                    return Double.parseDouble(text);
                }
                BigInteger integer = new BigInteger(text);
                return integer.bitLength() < 32 ? (Object) integer.intValue()
                        : integer.bitLength() < 64 ? (Object) integer.longValue() : integer;
            }
            case VALUE_TRUE:
                return true;
            case VALUE_FALSE:
                return false;
            default:
                return null;
        }
    }
}
