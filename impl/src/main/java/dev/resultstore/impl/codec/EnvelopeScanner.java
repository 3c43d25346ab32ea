package dev.resultstore.impl.codec;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads a document's envelope from a stream: its top-level members in order, checked strictly
 * ({@link JsonStream}), the values of {@code status} and of the fields asked for kept, every
 * other value (the result, the traceback) skipped in constant memory. It stops after the member
 * that completes what was asked for: the rest of the document is neither read nor checked, and a
 * member repeated after that point is not seen (Celery and ResultStore never repeat one). Read
 * to the end, a repeated name means its last value, as {@link DocumentScanner} reads it.
 */
final class EnvelopeScanner {

    // Longer names are none of the envelope's: they are checked, not kept.
    private static final int LONGEST_NAME = ResultCodec.OWNER_FIELD.length();

    String status;
    boolean statusSeen;
    String dateDone;
    String taskId;
    String owner;

    private final JsonStream json;
    private final int maxChars;

    private EnvelopeScanner(JsonStream json, int maxChars) {
        this.json = json;
        this.maxChars = maxChars;
    }

    /**
     * @param maxChars the longest envelope string kept (a longer one is an error)
     * @throws IllegalArgumentException saying where what was read is malformed
     */
    static EnvelopeScanner scan(JsonStream json, Set<Envelope.Field> wanted, int maxChars) throws IOException {
        EnvelopeScanner scanner = new EnvelopeScanner(json, maxChars);
        scanner.read(wanted.isEmpty() ? EnumSet.noneOf(Envelope.Field.class) : EnumSet.copyOf(wanted));
        return scanner;
    }

    private void read(EnumSet<Envelope.Field> missing) throws IOException {
        json.expect('{', "a JSON object");
        json.enter();
        if (json.objectEmpty()) {
            json.expectEnd();
            return;
        }
        do {
            String name = json.name(LONGEST_NAME);
            if ("status".equals(name)) {
                statusSeen = true;
                status = string("\"status\"");
            } else if ("date_done".equals(name)) {
                dateDone = string("\"date_done\"");
                missing.remove(Envelope.Field.DATE_DONE);
            } else if ("task_id".equals(name)) {
                taskId = string("\"task_id\"");
                missing.remove(Envelope.Field.TASK_ID);
            } else if (ResultCodec.OWNER_FIELD.equals(name)) {
                owner = string("\"" + ResultCodec.OWNER_FIELD + "\"");
                missing.remove(Envelope.Field.OWNER);
            } else {
                json.skipValue();
            }
            if (statusSeen && missing.isEmpty()) {
                return;
            }
        } while (json.objectNext());
        json.expectEnd();
    }

    // A string value as its text; any other value is checked and read as null.
    private String string(String what) throws IOException {
        if (json.atString()) {
            return json.readString(maxChars, what);
        }
        json.skipValue();
        return null;
    }
}
