package dev.resultstore.impl.codec;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.resultstore.TaskFailure;
import dev.resultstore.TaskState;
import jakarta.json.bind.JsonbBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/** Documents that real Celery wrote (see src/test/resources/celery/README.md) read as Celery meant them. */
class CeleryGoldenDocumentsTest {

    private final ResultCodec codec = new ResultCodec(JsonbBuilder.create(), "host");

    private StoredResult golden(String taskId) throws IOException {
        String key = "celery-task-meta-" + taskId;
        try (InputStream in = getClass().getResourceAsStream("/celery/" + key)) {
            assertThat(in).as(key).isNotNull();
            return codec.decode(key, taskId, in, 1 << 20);
        }
    }

    @Test
    void successValuesOfEveryKind() throws IOException {
        StoredResult dict = golden("golden-success-dict");
        assertThat(dict.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(dict.failure()).isNull();
        assertThat(dict.dateDone()).isAfter(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(codec.value(dict, Object.class)).isEqualTo(Map.of("pages", 12, "title", "r\u00e9sum\u00e9",
                "nested", Map.of("list", Arrays.asList(1, 2.5, null, true))));

        assertThat(codec.value(golden("golden-success-list"), Object.class))
                .isEqualTo(List.of(1, "two", 3.0, List.of(4), Map.of("five", 5)));
        assertThat(codec.value(golden("golden-success-str"), String.class))
                .isEqualTo("line 1\nline \"2\"\t\\ \u00e9\u4e2d\ud83d\ude00");
        assertThat(codec.value(golden("golden-success-int"), Object.class))
                .isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(codec.value(golden("golden-success-none"), Object.class)).isNull();
    }

    @Test
    void nonFiniteFloatsAsCeleryWritesThem() throws IOException {
        StoredResult floats = golden("golden-success-float");

        assertThat(floats.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(codec.value(floats, Object.class)).isEqualTo(Map.of("nan", Double.NaN, "inf", Double.POSITIVE_INFINITY,
                "ninf", Double.NEGATIVE_INFINITY, "pi", Math.PI));
    }

    @Test
    void aFailureWithItsExceptionAndTraceback() throws IOException {
        StoredResult failed = golden("golden-failure");

        assertThat(failed.state()).isEqualTo(TaskState.FAILURE);
        TaskFailure failure = failed.failure();
        assertThat(failure.type()).isEqualTo("ZeroDivisionError");
        assertThat(failure.module()).isEqualTo("builtins");
        assertThat(failure.message()).isEqualTo("division by zero");
        assertThat(failure.traceback()).startsWith("Traceback (most recent call last):\n")
                .contains("return a / b").endsWith("ZeroDivisionError: division by zero\n");
        assertThat(failed.dateDone()).isNotNull();
    }

    @Test
    void runningStatesAndTheirMeta() throws IOException {
        StoredResult started = golden("golden-started");
        assertThat(started.state()).isEqualTo(TaskState.STARTED);
        assertThat(started.dateDone()).isNull();
        assertThat(codec.value(started, Object.class)).isEqualTo(Map.of("pid", 4242, "hostname", "celery@worker-1"));

        StoredResult progress = golden("golden-progress");
        assertThat(progress.state()).isEqualTo(TaskState.STARTED); // a custom state is a running task
        assertThat(codec.value(progress, Object.class))
                .isEqualTo(Map.of("current", 3, "total", 10, "note", "caf\u00e9 \u2192 \ud83d\ude00"));
    }

    @Test
    void aRetryAndARevocationCarryTheirException() throws IOException {
        StoredResult retry = golden("golden-retry");
        assertThat(retry.state()).isEqualTo(TaskState.RETRY);
        assertThat(retry.failure().type()).isEqualTo("ConnectionError");
        assertThat(retry.failure().message()).isEqualTo("broker went away");
        assertThat(retry.failure().traceback()).endsWith("ConnectionError: broker went away\n");

        StoredResult revoked = golden("golden-revoked");
        assertThat(revoked.state()).isEqualTo(TaskState.REVOKED);
        assertThat(revoked.failure().type()).isEqualTo("TaskRevokedError");
        assertThat(revoked.failure().module()).isEqualTo("celery.exceptions");
        assertThat(revoked.failure().message()).isEqualTo("terminated");
        assertThat(revoked.dateDone()).isNotNull();
    }

    @Test
    void extendedModeFieldsDoNotDisturbTheResult() throws IOException {
        StoredResult extended = golden("golden-extended");

        assertThat(extended.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(codec.value(extended, Integer.class)).isEqualTo(50);
        assertThat(extended.dateDone()).isNotNull();
    }

    @Test
    void documentsPythonsJsonWroteItself() throws IOException {
        StoredResult ascii = golden("python-json-ascii");
        assertThat(ascii.dateDone()).isEqualTo(Instant.parse("2026-11-24T10:15:30.123456Z"));
        assertThat(codec.value(ascii, Object.class)).isEqualTo(Map.of("text", "caf\u00e9 \ud83d\ude00 \ud800", "n", -0.0,
                "big", BigInteger.TEN.pow(30), "e", 1e300));

        assertThat(codec.value(golden("python-json-utf8"), Object.class)).isEqualTo(Map.of("text", "caf\u00e9 \ud83d\ude00",
                "nested", List.of(List.of(List.of(Map.of()))), "nan", Double.NaN));
    }

    @Test
    void everyGoldenDocumentsEnvelopeSaysWhatTheWholeDocumentSays() throws IOException {
        List<String> ids = List.of("golden-extended", "golden-failure", "golden-progress", "golden-retry", "golden-revoked",
                "golden-started", "golden-success-dict", "golden-success-float", "golden-success-int", "golden-success-list",
                "golden-success-none", "golden-success-str", "python-json-ascii", "python-json-utf8");
        for (String taskId : ids) {
            String key = "celery-task-meta-" + taskId;
            StoredResult whole = golden(taskId);
            for (Set<Envelope.Field> wanted : List.of(Set.<Envelope.Field>of(), EnumSet.allOf(Envelope.Field.class))) {
                // streamed, as a document too large to read whole would be
                try (InputStream in = getClass().getResourceAsStream("/celery/" + key)) {
                    Envelope envelope = codec.envelope(key, taskId, in, wanted, 1 << 20, 0);

                    assertThat(envelope.state()).as(key).isEqualTo(whole.state());
                    assertThat(envelope.stateName()).as(key).isEqualTo(whole.stateName());
                    if (!wanted.isEmpty()) {
                        assertThat(envelope.dateDone()).as(key).isEqualTo(whole.dateDone());
                        assertThat(envelope.storedTaskId()).as(key).isEqualTo(taskId);
                    }
                }
            }
        }
    }
}
