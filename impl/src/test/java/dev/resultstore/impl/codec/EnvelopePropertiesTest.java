package dev.resultstore.impl.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import dev.resultstore.ResultSerializationException;
import jakarta.json.bind.JsonbBuilder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The streamed envelope read agrees with the whole-document read: the same grammar byte for
 * byte (through buffers and reads of any size), and the same state, date and task id.
 */
class EnvelopePropertiesTest {

    private static final List<String> STATUSES = List.of("SUCCESS", "FAILURE", "RETRY", "REVOKED", "STARTED", "PENDING",
            "RECEIVED", "PROGRESS");
    private static final Set<Envelope.Field> ALL = EnumSet.allOf(Envelope.Field.class);
    private static final String KEY = "celery-task-meta-e";

    private final ResultCodec codec = new ResultCodec(JsonbBuilder.create(), "host");

    @Property(tries = 3000)
    void theStreamAcceptsExactlyWhatTheParserAccepts(@ForAll long seed) throws IOException {
        RandomJson json = new RandomJson(seed, true);
        Random random = json.random();
        byte[] value = (json.whitespace() + json.value(4) + json.whitespace()).getBytes(StandardCharsets.UTF_8);
        byte[] text = random.nextBoolean() ? value : DocumentPropertiesTest.damage(value, random);

        boolean parserAccepts;
        try {
            JsonParser parser = new JsonParser(text, 0, text.length);
            parser.skipValue();
            parser.expectEnd();
            parserAccepts = true;
        } catch (IllegalArgumentException e) {
            parserAccepts = false;
        }
        JsonStream stream = new JsonStream(new ChoppyStream(text, random), new byte[JsonStream.MIN_BUFFER + random.nextInt(40)], 0);
        boolean streamAccepts;
        try {
            stream.skipValue();
            stream.expectEnd();
            streamAccepts = true;
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessageStartingWith("not valid JSON: ");
            streamAccepts = false;
        }

        assertThat(streamAccepts).as(new String(text, StandardCharsets.UTF_8)).isEqualTo(parserAccepts);
    }

    @Property(tries = 1500)
    void theEnvelopeSaysWhatTheWholeDocumentSays(@ForAll long seed) throws IOException {
        RandomJson json = new RandomJson(seed, false);
        byte[] document = document(json);

        StoredResult whole = codec.decode(KEY, "e", document);
        Map<?, ?> plain = (Map<?, ?>) new JsonParser(document, 0, document.length).readPlain();
        for (Set<Envelope.Field> wanted : List.of(Set.<Envelope.Field>of(), Set.of(Envelope.Field.DATE_DONE), ALL)) {
            Envelope envelope = envelope(document, wanted, json.random());

            assertThat(envelope.state()).isEqualTo(whole.state());
            assertThat(envelope.stateName()).isEqualTo(whole.stateName());
            assertThat(envelope.exists()).isTrue();
            if (wanted.contains(Envelope.Field.DATE_DONE)) {
                assertThat(envelope.dateDoneText()).isEqualTo(whole.dateDoneText());
            }
        }
        Envelope all = envelope(document, ALL, json.random());
        assertThat(all.owner()).isEqualTo(whole.owner());
        assertThat(all.storedTaskId()).isEqualTo(plain.get("task_id") instanceof String id ? id : null);
    }

    @Property(tries = 3000)
    void aDamagedDocumentGivesTheSameEnvelopeOrAnErrorNamingItsKey(@ForAll long seed) throws IOException {
        RandomJson json = new RandomJson(seed, false);
        byte[] damaged = DocumentPropertiesTest.damage(document(json), json.random());

        StoredResult whole;
        try {
            whole = codec.decode(KEY, "e", damaged);
        } catch (ResultSerializationException e) {
            whole = null;
        }
        Envelope envelope;
        try {
            envelope = envelope(damaged, ALL, json.random());
        } catch (ResultSerializationException e) {
            assertThat(e).hasMessageContaining("'" + KEY + "'");
            assertThat(whole).as("refused only what the whole read refuses").isNull();
            return;
        }
        if (whole != null) {
            assertThat(envelope.state()).isEqualTo(whole.state());
            assertThat(envelope.stateName()).isEqualTo(whole.stateName());
            assertThat(envelope.dateDoneText()).isEqualTo(whole.dateDoneText());
        }
        assertThatCode(envelope::dateDone).doesNotThrowAnyException();
    }

    // Streamed however small the document (which the codec would otherwise read whole), or as the codec chooses.
    private Envelope envelope(byte[] document, Set<Envelope.Field> wanted, Random random) throws IOException {
        int wholeBelow = random.nextInt(4) == 0 ? ResultCodec.READ_WHOLE_BELOW : 0;
        return codec.envelope(KEY, "e", new ChoppyStream(document, random), wanted, Integer.MAX_VALUE, wholeBelow);
    }

    /** A document with Celery's fields and ResultStore's owner, each present or not, in any order. */
    private static byte[] document(RandomJson json) {
        Random random = json.random();
        List<String> members = new ArrayList<>();
        members.add(json.member("status", json.string(STATUSES.get(random.nextInt(STATUSES.size())))));
        if (random.nextInt(6) != 0) {
            members.add(json.member("result", json.value(4)));
        }
        if (random.nextBoolean()) {
            members.add(json.member("traceback", random.nextBoolean() ? "null" : json.string(json.randomText())));
        }
        if (random.nextInt(4) != 0) {
            members.add(json.member("date_done", random.nextBoolean() ? "null"
                    : json.string(random.nextBoolean() ? "2026-11-24T10:15:30.123456+00:00" : json.randomText())));
        }
        if (random.nextInt(4) != 0) {
            members.add(json.member("task_id", random.nextInt(8) == 0 ? json.value(1) : json.string(json.randomText())));
        }
        if (random.nextBoolean()) {
            members.add(json.member(ResultCodec.OWNER_FIELD, json.string("node-1/" + random.nextInt(100))));
        }
        members.add(json.member("children", "[]"));
        for (int i = random.nextInt(3); i > 0; i--) {
            members.add(json.member("x-" + i, json.value(2)));
        }
        return (json.whitespace() + json.object(members) + json.whitespace()).getBytes(StandardCharsets.UTF_8);
    }

    /** Hands out its bytes a few at a time, as a network stream may: every buffer boundary gets crossed. */
    private static final class ChoppyStream extends InputStream {
        private final ByteArrayInputStream bytes;
        private final Random random;

        ChoppyStream(byte[] bytes, Random random) {
            this.bytes = new ByteArrayInputStream(bytes);
            this.random = random;
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return bytes.read(b, off, Math.min(len, 1 + random.nextInt(7)));
        }
    }
}
