package dev.resultstore.impl.codec;

import java.nio.charset.StandardCharsets;

/**
 * Checks a whole stored document strictly ({@link JsonParser}) in one pass and notes where its
 * top-level fields are, without building a tree: reading a state never builds the result, and
 * a typed read binds the result's own bytes. Member names are compared after unescaping, and a
 * repeated name means its last value, as Python's {@code json} reads them.
 */
final class DocumentScanner {

    /** Byte spans (start inclusive, end exclusive) of the fields the codec reads; -1 when absent. */
    static final class Fields {
        int statusStart = -1;
        int statusEnd;
        int resultStart = -1;
        int resultEnd;
        int tracebackStart = -1;
        int tracebackEnd;
        int dateDoneStart = -1;
        int dateDoneEnd;
        int ownerStart = -1;
        int ownerEnd;
        int taskIdStart = -1;
        int taskIdEnd;
    }

    private static final byte[] STATUS = ascii("status");
    private static final byte[] RESULT = ascii("result");
    private static final byte[] TRACEBACK = ascii("traceback");
    private static final byte[] DATE_DONE = ascii("date_done");
    private static final byte[] OWNER = ascii(ResultCodec.OWNER_FIELD);
    private static final byte[] TASK_ID = ascii("task_id");

    private DocumentScanner() {
    }

    /**
     * Scans a document.
     *
     * @throws IllegalArgumentException saying where the document is malformed
     */
    static Fields scan(byte[] json) {
        JsonParser parser = new JsonParser(json, 0, json.length);
        Fields fields = new Fields();
        parser.expect('{', "a JSON object");
        parser.enter();
        if (!parser.objectEmpty()) {
            do {
                long span = parser.skipKeySpan();
                byte[] name = span >= 0 ? null : unescaped(json, -span - 1);
                parser.skipWhitespace();
                int valueStart = parser.position();
                parser.skipValue();
                int valueEnd = parser.position();
                if (is(parser, span, name, STATUS)) {
                    fields.statusStart = valueStart;
                    fields.statusEnd = valueEnd;
                } else if (is(parser, span, name, RESULT)) {
                    fields.resultStart = valueStart;
                    fields.resultEnd = valueEnd;
                } else if (is(parser, span, name, TRACEBACK)) {
                    fields.tracebackStart = valueStart;
                    fields.tracebackEnd = valueEnd;
                } else if (is(parser, span, name, DATE_DONE)) {
                    fields.dateDoneStart = valueStart;
                    fields.dateDoneEnd = valueEnd;
                } else if (is(parser, span, name, OWNER)) {
                    fields.ownerStart = valueStart;
                    fields.ownerEnd = valueEnd;
                } else if (is(parser, span, name, TASK_ID)) {
                    fields.taskIdStart = valueStart;
                    fields.taskIdEnd = valueEnd;
                }
            } while (parser.objectNext());
        }
        parser.leave();
        parser.expectEnd();
        return fields;
    }

    private static boolean is(JsonParser parser, long span, byte[] unescaped, byte[] name) {
        return unescaped == null ? parser.spanEquals(span, name) : java.util.Arrays.equals(unescaped, name);
    }

    // A member name written with escapes ("st\u0061tus"), as UTF-8 bytes of its text.
    private static byte[] unescaped(byte[] json, long span) {
        int start = (int) (span >>> 32) - 1;
        int end = (int) span + 1;
        String name = new JsonParser(json, start, end).readString();
        return name.getBytes(StandardCharsets.UTF_8);
    }

    /** The JSON string at the span as Java text; {@code null} for JSON null; other values as their JSON text. */
    static String string(byte[] json, int start, int end) {
        if (isNull(json, start, end)) {
            return null;
        }
        if (json[start] != '"') {
            return new String(json, start, end - start, StandardCharsets.UTF_8);
        }
        return new JsonParser(json, start, end).readString();
    }

    /** Whether the span is the JSON literal {@code null}. */
    static boolean isNull(byte[] json, int start, int end) {
        return end - start == 4 && json[start] == 'n' && json[start + 1] == 'u' && json[start + 2] == 'l' && json[start + 3] == 'l';
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
