package dev.resultstore.impl.codec;

import java.nio.charset.StandardCharsets;

/**
 * Finds the top-level fields of a stored document in one pass over its bytes, without building
 * a tree: reading a state never parses the result, and a typed read hands the result's bytes
 * straight to JSON-B. Only the envelope is interpreted here; the result is validated by
 * whoever reads it.
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
    }

    private static final byte[] STATUS = ascii("status");
    private static final byte[] RESULT = ascii("result");
    private static final byte[] TRACEBACK = ascii("traceback");
    private static final byte[] DATE_DONE = ascii("date_done");

    private final byte[] json;
    private int at;

    private DocumentScanner(byte[] json) {
        this.json = json;
    }

    /**
     * Scans a document.
     *
     * @throws IllegalArgumentException saying where the document is malformed
     */
    static Fields scan(byte[] json) {
        return new DocumentScanner(json).object();
    }

    private Fields object() {
        Fields fields = new Fields();
        skipWhitespace();
        expect('{');
        skipWhitespace();
        if (peek() == '}') {
            return fields;
        }
        while (true) {
            skipWhitespace();
            int keyStart = at;
            skipString();
            int keyEnd = at;
            skipWhitespace();
            expect(':');
            skipWhitespace();
            int valueStart = at;
            skipValue();
            int valueEnd = at;
            if (is(keyStart, keyEnd, STATUS)) {
                fields.statusStart = valueStart;
                fields.statusEnd = valueEnd;
            } else if (is(keyStart, keyEnd, RESULT)) {
                fields.resultStart = valueStart;
                fields.resultEnd = valueEnd;
            } else if (is(keyStart, keyEnd, TRACEBACK)) {
                fields.tracebackStart = valueStart;
                fields.tracebackEnd = valueEnd;
            } else if (is(keyStart, keyEnd, DATE_DONE)) {
                fields.dateDoneStart = valueStart;
                fields.dateDoneEnd = valueEnd;
            }
            skipWhitespace();
            byte next = next();
            if (next == '}') {
                return fields;
            }
            if (next != ',') {
                throw malformed("expected ',' or '}'", at - 1);
            }
        }
    }

    // A key matches when its raw bytes, between the quotes, are the name (the names need no escapes).
    private boolean is(int start, int end, byte[] name) {
        if (end - start - 2 != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (json[start + 1 + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private void skipValue() {
        byte first = peek();
        if (first == '"') {
            skipString();
        } else if (first == '{' || first == '[') {
            skipContainer();
        } else {
            int start = at;
            while (at < json.length && !isDelimiter(json[at])) {
                at++;
            }
            if (at == start) {
                throw malformed("expected a value", start);
            }
        }
    }

    private void skipContainer() {
        int start = at;
        int depth = 0;
        while (at < json.length) {
            byte b = json[at];
            if (b == '"') {
                skipString();
                continue;
            }
            at++;
            if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                if (--depth == 0) {
                    return;
                }
            }
        }
        throw malformed("an object or array that never ends", start);
    }

    private void skipString() {
        int start = at;
        expect('"');
        while (at < json.length) {
            byte b = json[at++];
            if (b == '\\') {
                at++;
            } else if (b == '"') {
                return;
            }
        }
        throw malformed("a string that never ends", start);
    }

    private static boolean isDelimiter(byte b) {
        return b == ',' || b == '}' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private void skipWhitespace() {
        while (at < json.length && (json[at] == ' ' || json[at] == '\n' || json[at] == '\r' || json[at] == '\t')) {
            at++;
        }
    }

    private byte peek() {
        if (at >= json.length) {
            throw malformed("it ends too early", at);
        }
        return json[at];
    }

    private byte next() {
        byte b = peek();
        at++;
        return b;
    }

    private void expect(char c) {
        if (next() != c) {
            throw malformed("expected '" + c + "'", at - 1);
        }
    }

    private IllegalArgumentException malformed(String what, int position) {
        return new IllegalArgumentException("not a JSON object: " + what + " at byte " + position);
    }

    /** The JSON string at the span as Java text; {@code null} for JSON null. */
    static String string(byte[] json, int start, int end) {
        if (isNull(json, start, end)) {
            return null;
        }
        if (json[start] != '"') {
            // Celery never writes these fields as numbers or objects; keep their text.
            return new String(json, start, end - start, StandardCharsets.UTF_8);
        }
        String raw = new String(json, start + 1, end - start - 2, StandardCharsets.UTF_8);
        return raw.indexOf('\\') < 0 ? raw : unescape(raw);
    }

    private static String unescape(String raw) {
        StringBuilder text = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 >= raw.length()) {
                text.append(c);
                continue;
            }
            char escaped = raw.charAt(++i);
            switch (escaped) {
                case 'n': text.append('\n'); break;
                case 't': text.append('\t'); break;
                case 'r': text.append('\r'); break;
                case 'b': text.append('\b'); break;
                case 'f': text.append('\f'); break;
                case 'u':
                    if (i + 4 >= raw.length()) {
                        throw new IllegalArgumentException("not a JSON object: a \\u escape that is cut short");
                    }
                    text.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                    i += 4;
                    break;
                default: text.append(escaped); // \" \\ \/
            }
        }
        return text.toString();
    }

    /** Whether the span is the JSON literal {@code null}. */
    static boolean isNull(byte[] json, int start, int end) {
        return end - start == 4 && json[start] == 'n' && json[start + 1] == 'u' && json[start + 2] == 'l' && json[start + 3] == 'l';
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
