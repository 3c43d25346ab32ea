package dev.resultstore.impl;

import dev.resultstore.impl.codec.ResultCodec;
import dev.resultstore.impl.codec.StoredResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.resultstore.ResultSerializationException;
import dev.resultstore.TaskState;
import jakarta.json.JsonObject;
import jakarta.json.bind.JsonbBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading documents in the shapes other writers produce: field order, whitespace, escapes. */
class ResultCodecTest {

    public record Note(String text, List<Integer> numbers) {
    }

    private final ResultCodec codec = new ResultCodec(JsonbBuilder.create(), "host-1");

    private StoredResult read(String json) {
        return codec.decode("celery-task-meta-t", "t", json.getBytes(StandardCharsets.UTF_8));
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
                + " [\"caf\\u00e9 \\\"x\\\"\"], \"exc_module\": \"builtins\"}, \"traceback\": \"line 1\\n\\tline 2 \\u2192 \\\\ end\"}");

        assertThat(stored.failure().message()).isEqualTo("café \"x\"");
        assertThat(stored.failure().traceback()).isEqualTo("line 1\n\tline 2 \u2192 \\ end");
    }

    @Test
    void scalarAndNullResultsAreRead() {
        assertThat(codec.value(read("{\"status\": \"SUCCESS\", \"result\": 42}"), Object.class)).isEqualTo(42);
        assertThat(codec.value(read("{\"status\": \"SUCCESS\", \"result\": -1.5e3}"), Double.class)).isEqualTo(-1500.0);
        assertThat(codec.value(read("{\"status\": \"SUCCESS\", \"result\": \"text\"}"), String.class)).isEqualTo("text");
        assertThat(codec.value(read("{\"status\": \"SUCCESS\", \"result\": null}"), String.class)).isNull();
        assertThat(codec.value(read("{\"status\": \"SUCCESS\"}"), String.class)).isNull();
        assertThat(codec.value(read("{\"status\": \"SUCCESS\", \"result\": [true, false]}"), Object.class))
                .isEqualTo(List.of(true, false));
    }

    @Test
    void whatWeWriteWeReadBack() {
        byte[] written = codec.success("t", Map.of("note", new Note("n\u00e9\n", List.of(7))), null, Instant.parse("2026-11-24T10:15:30.5Z"));

        StoredResult stored = codec.decode("k", "t", written);

        assertThat(stored.dateDone()).isEqualTo(Instant.parse("2026-11-24T10:15:30.5Z"));
        assertThat(codec.value(stored, Object.class)).isEqualTo(Map.of("note", Map.of("text", "n\u00e9\n", "numbers", List.of(7))));
    }

    @Test
    void malformedEnvelopesNameTheKeyAndWhere() {
        for (String broken : List.of("", "[]", "{\"status\": \"SUCCESS\"", "{\"status\" \"SUCCESS\"}",
                "{\"status\": \"SUCCESS\", \"result\": {\"a\": [1, 2}", "{\"result\": 1}", "{\"status\": null}")) {
            assertThatThrownBy(() -> read(broken)).as(broken).isInstanceOf(ResultSerializationException.class)
                    .hasMessageContaining("'celery-task-meta-t'");
        }
    }

    @Test
    void aBrokenResultIsReportedWhenTheValueIsRead() {
        StoredResult stored = read("{\"status\": \"SUCCESS\", \"result\": {\"text\": tru}}");

        assertThat(stored.state()).isEqualTo(TaskState.SUCCESS);
        assertThatThrownBy(() -> codec.value(stored, Note.class)).isInstanceOf(ResultSerializationException.class)
                .hasMessageContaining("'celery-task-meta-t'").hasMessageContaining(Note.class.getName());
    }
}
