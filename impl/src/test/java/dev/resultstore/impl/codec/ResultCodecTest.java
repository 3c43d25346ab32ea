package dev.resultstore.impl.codec;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.resultstore.ResultSerializationException;
import dev.resultstore.TaskState;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.annotation.JsonbProperty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading documents in the shapes other writers produce, strictly; writing what Celery writes.
 * Public, so that its records are public as application records are (the direct reader's case).
 */
public class ResultCodecTest {

    public record Note(String text, List<Integer> numbers) {
    }

    public record Line(int number, String text, double amount) {
    }

    public record Report(String title, int pages, List<Line> lines, Map<String, String> tags) {
    }

    public record Renamed(@JsonbProperty("label") String text) {
    }

    public record Tree(String name, List<Tree> children) {
    }

    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30.5Z");
    private final Jsonb jsonb = JsonbBuilder.create();
    private final ResultCodec codec = new ResultCodec(jsonb, "host-1");

    private StoredResult read(String json) {
        return codec.decode("celery-task-meta-t", "t", json.getBytes(StandardCharsets.UTF_8));
    }

    private StoredResult read(byte[] json) {
        return codec.decode("celery-task-meta-t", "t", json);
    }

    @Test
    void prettyPrintedDocumentsInAnyFieldOrderAreRead() {
        StoredResult stored = read("""
                {
                  "task_id": "t",
                  "date_done": "2026-11-24T10:15:30",
                  "children": [ {"nested": ["}", "{"]} ],
                  "result"   :   { "text": "braces } { and \\"quotes\\" inside", "numbers": [1, 2, 3] } ,
                  "status" : "SUCCESS",
                  "traceback": null
                }
                """);

        assertThat(stored.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(stored.dateDone()).isEqualTo(Instant.parse("2026-11-24T10:15:30Z"));
        assertThat(codec.value(stored, Note.class)).isEqualTo(new Note("braces } { and \"quotes\" inside", List.of(1, 2, 3)));
        assertThat(codec.value(stored, JsonObject.class).getJsonArray("numbers")).hasSize(3);
    }

    @Test
    void escapedTracebacksAndMessagesAreUnescaped() {
        StoredResult stored = read("{\"status\": \"FAILURE\", \"result\": {\"exc_type\": \"ValueError\", \"exc_message\":"
                + " [\"caf\\u00e9 \\\"x\\\"\", 3], \"exc_module\": \"builtins\"}, \"traceback\": \"line 1\\n\\tline 2 \\u2192 \\\\ end\"}");

        assertThat(stored.failure().type()).isEqualTo("ValueError");
        assertThat(stored.failure().module()).isEqualTo("builtins");
        assertThat(stored.failure().message()).isEqualTo("café \"x\", 3");
        assertThat(stored.failure().traceback()).isEqualTo("line 1\n\tline 2 \u2192 \\ end");
    }

    @Test
    void topLevelNamesWrittenWithEscapesAreFound() {
        StoredResult stored = read("{\"st\\u0061tus\": \"SUCCESS\", \"r\\u0065sult\": 7, \"date\\u005fdone\": \"2026-11-24T10:15:30Z\"}");

        assertThat(stored.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(codec.value(stored, Object.class)).isEqualTo(7);
        assertThat(stored.dateDone()).isEqualTo(Instant.parse("2026-11-24T10:15:30Z"));
    }

    @Test
    void aRepeatedNameMeansItsLastValueAsInPython() {
        StoredResult stored = read("{\"status\": \"PENDING\", \"result\": {\"a\": 1, \"a\": 2}, \"status\": \"SUCCESS\"}");

        assertThat(stored.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(codec.value(stored, Object.class)).isEqualTo(Map.of("a", 2));
    }

    @Test
    void scalarAndNullResultsAreRead() {
        assertThat(codec.value(read("{\"status\": \"SUCCESS\", \"result\": 42}"), Object.class)).isEqualTo(42);
        assertThat(codec.value(read("{\"status\": \"SUCCESS\", \"result\": 12345678901}"), Object.class)).isEqualTo(12345678901L);
        assertThat(codec.value(read("{\"status\": \"SUCCESS\", \"result\": -123456789012345678901234567890}"), Object.class))
                .isEqualTo(new BigInteger("-123456789012345678901234567890"));
        assertThat(codec.value(read("{\"status\": \"SUCCESS\", \"result\": -1.5e3}"), Double.class)).isEqualTo(-1500.0);
        assertThat(codec.value(read("{\"status\": \"SUCCESS\", \"result\": 1E400}"), Object.class)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(codec.value(read("{\"status\": \"SUCCESS\", \"result\": \"text\"}"), String.class)).isEqualTo("text");
        assertThat(codec.value(read("{\"status\": \"SUCCESS\", \"result\": null}"), String.class)).isNull();
        assertThat(codec.value(read("{\"status\": \"SUCCESS\"}"), String.class)).isNull();
        assertThat(codec.value(read("{\"status\": \"SUCCESS\", \"result\": [true, false]}"), Object.class))
                .isEqualTo(List.of(true, false));
    }

    @Test
    void whatWeWriteWeReadBack() {
        byte[] written = codec.success("t", Map.of("note", new Note("n\u00e9\n\u0001 \ud83d\ude00", List.of(7))), null, NOW);

        StoredResult stored = codec.decode("k", "t", written);

        assertThat(stored.dateDone()).isEqualTo(NOW);
        assertThat(codec.value(stored, Object.class))
                .isEqualTo(Map.of("note", Map.of("text", "n\u00e9\n\u0001 \ud83d\ude00", "numbers", List.of(7))));
    }

    @Test
    void typedReadsGiveWhatJsonbGives() {
        Report report = new Report("r", 2, List.of(new Line(1, "a", 0.25), new Line(2, "b\u00e9", -3)), Map.of("k", "v"));
        StoredResult stored = read(codec.success("t", report, null, NOW));

        assertThat(codec.value(stored, Report.class)).isEqualTo(report);
        String resultJson = jsonb.toJson(report);
        assertThat(jsonb.fromJson(resultJson, Report.class)).isEqualTo(codec.value(stored, Report.class));
    }

    @Test
    void writtenValuesMeanWhatJsonbWouldWrite() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("nothing", null);
        map.put("big", new BigInteger("123456789012345678901234567890"));
        map.put("list", List.of(1, 2.5, "x", true));
        map.put("report", new Report(null, 1, List.of(), Map.of()));
        map.put("renamed", new Renamed("t"));
        map.put("keys", Map.of(1, "one"));
        map.put("tree", new Tree("root", List.of(new Tree("leaf", List.of()))));
        map.put("when", Instant.parse("2026-01-02T03:04:05Z"));
        map.put("float", 0.1f);

        Object ours = codec.value(read(codec.success("t", map, null, NOW)), Object.class);
        Object theirs = codec.value(read("{\"status\": \"SUCCESS\", \"result\": " + jsonb.toJson(map) + "}"), Object.class);

        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void typedReadsThatDoNotFitTheDirectReaderAreLeftToJsonb() {
        // a missing component, a number in a string, an annotated record: JSON-B's own rules apply
        assertThat(codec.value(read("{\"status\": \"SUCCESS\", \"result\": {\"text\": \"x\"}}"), Note.class))
                .isEqualTo(new Note("x", null));
        assertThat(codec.value(read("{\"status\": \"SUCCESS\", \"result\": \"5\"}"), Integer.class)).isEqualTo(5);
        assertThat(codec.value(read("{\"status\": \"SUCCESS\", \"result\": {\"label\": \"x\"}}"), Renamed.class))
                .isEqualTo(new Renamed("x"));
        assertThat(codec.value(read("{\"status\": \"SUCCESS\", \"result\": {\"name\": \"a\", \"children\": [{\"name\": \"b\", \"children\": []}]}}"),
                Tree.class)).isEqualTo(new Tree("a", List.of(new Tree("b", List.of()))));
    }

    @Test
    void nonFiniteNumbersAreWrittenAndReadAsCeleryDoes() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("nan", Double.NaN);
        value.put("up", Double.POSITIVE_INFINITY);
        value.put("down", Float.NEGATIVE_INFINITY);
        byte[] written = codec.success("t", value, null, NOW);

        assertThat(new String(written, StandardCharsets.UTF_8))
                .contains("\"status\": \"SUCCESS\"")
                .contains("{\"nan\":NaN,\"up\":Infinity,\"down\":-Infinity}");
        assertThat(codec.value(read(written), Object.class))
                .isEqualTo(Map.of("nan", Double.NaN, "up", Double.POSITIVE_INFINITY, "down", Double.NEGATIVE_INFINITY));
        assertThat(codec.value(read(codec.success("t", new Line(1, "x", Double.NaN), null, NOW)), Line.class))
                .isEqualTo(new Line(1, "x", Double.NaN));
    }

    @Test
    void loneSurrogatesAreKeptAsPythonKeepsThem() {
        String text = "a\ud800b\udfff\ud83d\ude00";
        byte[] written = codec.success("t", text, null, NOW);

        assertThat(new String(written, StandardCharsets.UTF_8)).contains("\"a\\ud800b\\udfff\ud83d\ude00\"");
        assertThat(codec.value(read(written), String.class)).isEqualTo(text);
        assertThat(codec.value(read(written), Object.class)).isEqualTo(text);
        assertThat(codec.failure("t", new IllegalStateException("x\udc00"), null, NOW))
                .satisfies(failure -> assertThat(read(failure).failure().message()).isEqualTo("x\udc00"));
    }

    @Test
    void aRetryCarriesTheExceptionThatCausedIt() {
        StoredResult stored = read("{\"status\": \"RETRY\", \"result\": {\"exc_type\": \"ConnectionError\", \"exc_message\": [\"down\"],"
                + " \"exc_module\": \"builtins\"}, \"traceback\": \"Traceback...\"}");

        assertThat(stored.state()).isEqualTo(TaskState.RETRY);
        assertThat(stored.failure().type()).isEqualTo("ConnectionError");
        assertThat(stored.failure().message()).isEqualTo("down");
        assertThat(stored.failure().traceback()).isEqualTo("Traceback...");
        assertThat(read("{\"status\": \"RETRY\", \"result\": null}").failure()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "[]", "null", "{", "{\"status\": \"SUCCESS\"", "{\"status\" \"SUCCESS\"}",
            "{\"status\": \"SUCCESS\", \"result\": {\"a\": [1, 2}", "{\"result\": 1}", "{\"status\": null}",
            "{\"status\": 1}", "{\"status\": SUCCESS}", "{\"status\": \"SUCCESS\", \"result\": 42x}",
            "{\"status\": \"SUCCESS\"} x", "{\"status\": \"SUCCESS\"}{}", "{\"status\": \"SUCCESS\",}",
            "{\"status\": \"SUCCESS\", \"result\": [1,]}", "{\"status\": \"SUCCESS\", \"result\": 01}",
            "{\"status\": \"SUCCESS\", \"result\": 1.}", "{\"status\": \"SUCCESS\", \"result\": .5}",
            "{\"status\": \"SUCCESS\", \"result\": -}", "{\"status\": \"SUCCESS\", \"result\": +1}",
            "{\"status\": \"SUCCESS\", \"result\": 1e}", "{\"status\": \"SUCCESS\", \"result\": nan}",
            "{\"status\": \"SUCCESS\", \"result\": -NaN}", "{\"status\": \"SUCCESS\", \"result\": Infinityx}",
            "{\"status\": \"SUCCESS\", \"result\": tru}", "{\"status\": \"SUCCESS\", \"result\": 'x'}",
            "{\"status\": \"SUCCESS\", \"result\": \"a\\x\"}", "{\"status\": \"SUCCESS\", \"result\": \"\\u12\"}",
            "{\"status\": \"SUCCESS\", \"result\": \"tab\there\"}", "{status: \"SUCCESS\"}",
            "\ufeff{\"status\": \"SUCCESS\"}", "{\"status\": \"SUCCESS\"}\u00a0"})
    void anythingPythonWouldNotReadIsRefusedNamingTheKey(String broken) {
        assertThatThrownBy(() -> read(broken)).isInstanceOf(ResultSerializationException.class)
                .hasMessageContaining("'celery-task-meta-t'");
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] prefix = "{\"status\": \"SUCCESS\", \"result\": \"".getBytes(StandardCharsets.US_ASCII);
        for (byte[] bad : List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3}, new byte[] {(byte) 0xc0, (byte) 0xaf},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xe2, (byte) 0x82})) {
            byte[] document = new byte[prefix.length + bad.length + 2];
            System.arraycopy(prefix, 0, document, 0, prefix.length);
            System.arraycopy(bad, 0, document, prefix.length, bad.length);
            document[document.length - 2] = '"';
            document[document.length - 1] = '}';
            assertThatThrownBy(() -> read(document)).isInstanceOf(ResultSerializationException.class)
                    .hasMessageContaining("invalid UTF-8");
        }
    }

    @Test
    void trailingWhitespaceIsAllowed() {
        assertThat(read(" \t\r\n{\"status\": \"SUCCESS\"} \n\t\r ").state()).isEqualTo(TaskState.SUCCESS);
    }

    @Test
    void deepNestingIsRefusedOnReadAndWriteWithoutAnError() {
        int depth = JsonParser.MAX_DEPTH + 1;
        String deep = "{\"status\": \"SUCCESS\", \"result\": " + "[".repeat(depth) + "]".repeat(depth) + "}";
        assertThatThrownBy(() -> read(deep)).isInstanceOf(ResultSerializationException.class)
                .hasMessageContaining("nested more than " + JsonParser.MAX_DEPTH);
        String deepest = "{\"status\": \"SUCCESS\", \"result\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThatThrownBy(() -> read(deepest)).isInstanceOf(ResultSerializationException.class);

        String allowed = "{\"status\": \"SUCCESS\", \"result\": " + "[".repeat(depth - 2) + "]".repeat(depth - 2) + "}";
        assertThat(codec.value(read(allowed), Object.class)).isInstanceOf(List.class);

        List<Object> nested = new ArrayList<>();
        List<Object> inner = nested;
        for (int i = 0; i < 5000; i++) {
            List<Object> next = new ArrayList<>();
            inner.add(next);
            inner = next;
        }
        assertThatThrownBy(() -> codec.success("t", nested, null, NOW)).isInstanceOf(ResultSerializationException.class)
                .hasMessageContaining("nested more than");
        Map<String, Object> cycle = new LinkedHashMap<>();
        cycle.put("self", cycle);
        assertThatThrownBy(() -> codec.success("t", cycle, null, NOW)).isInstanceOf(ResultSerializationException.class)
                .hasMessageContaining("contain itself");
    }

    @Test
    void aDocumentFromAStreamIsReadUpToItsBound() throws Exception {
        byte[] document = "{\"status\": \"SUCCESS\", \"result\": 1}".getBytes(StandardCharsets.UTF_8);

        assertThat(codec.decode("k", "t", new ByteArrayInputStream(document), document.length).state()).isEqualTo(TaskState.SUCCESS);
        assertThatThrownBy(() -> codec.decode("k", "t", new ByteArrayInputStream(document), document.length - 1))
                .isInstanceOf(ResultSerializationException.class).hasMessageContaining("'k'").hasMessageContaining("larger than");
    }

    @Test
    void aResultThatIsNotTheAskedTypeIsReportedWhenTheValueIsRead() {
        StoredResult stored = read("{\"status\": \"SUCCESS\", \"result\": {\"text\": [1]}}");

        assertThat(stored.state()).isEqualTo(TaskState.SUCCESS);
        assertThatThrownBy(() -> codec.value(stored, Note.class)).isInstanceOf(ResultSerializationException.class)
                .hasMessageContaining("'celery-task-meta-t'").hasMessageContaining(Note.class.getName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24T10:15:30Z", "2026-01-02T03:04:05.000001Z", "1999-12-31T23:59:59.999999999Z",
            "0999-06-01T00:00:00Z", "+10000-01-01T00:00:00.5Z", "1970-01-01T00:00:00Z"})
    void datesAreWrittenInUtcWithMicrosecondsAsCeleryWritesThem(String when) {
        Instant instant = Instant.parse(when);
        String expected = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx")
                .withZone(java.time.ZoneOffset.UTC).format(instant);

        String document = new String(codec.success("t", null, null, instant), StandardCharsets.UTF_8);

        assertThat(document).contains("\"date_done\": \"" + expected + "\"");
    }

    @Test
    void stateDocumentsCarryCeleryFields() {
        String started = new String(codec.state("t", TaskState.STARTED, null, NOW), StandardCharsets.UTF_8);
        assertThat(started).startsWith("{\"status\": \"STARTED\", \"result\": {\"pid\": ").contains("\"hostname\": \"host-1\"")
                .contains("\"date_done\": null");
        StoredResult revoked = read(codec.state("t", TaskState.REVOKED, new TaskMetadata("n", "[1]", "{}", "w", 2, null, NOW), NOW));
        assertThat(revoked.state()).isEqualTo(TaskState.REVOKED);
        assertThat(revoked.dateDone()).isEqualTo(NOW);
    }
}
