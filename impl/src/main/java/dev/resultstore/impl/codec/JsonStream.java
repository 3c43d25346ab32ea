package dev.resultstore.impl.codec;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@link JsonParser}'s grammar over a stream, in constant memory: values are checked byte by
 * byte as the bytes arrive and nothing is built for them, so a document's envelope can be read
 * past a result of any size. It accepts exactly what {@link JsonParser} accepts (same UTF-8
 * rules, escapes, numbers, nesting and integer-length limits). Errors are
 * {@link IllegalArgumentException}s saying what and at which byte, as {@link JsonParser}'s.
 */
final class JsonStream {

    /** The longest token that must be seen whole: {@code -Infinity} and the byte after it. */
    static final int MIN_BUFFER = 16;
    private static final int END = -1;

    private final InputStream in;
    private final byte[] buffer;
    private int at;
    private int limit;
    private long before; // bytes of the stream that came before buffer[0]
    private boolean ended;
    private int depth;

    /**
     * @param buffer its first {@code filled} bytes are the start of the stream, read already;
     *               at least {@value #MIN_BUFFER} bytes long
     */
    JsonStream(InputStream in, byte[] buffer, int filled) {
        if (buffer.length < MIN_BUFFER) {
            throw new IllegalArgumentException("a buffer of at least " + MIN_BUFFER + " bytes is needed");
        }
        this.in = in;
        this.buffer = buffer;
        this.limit = filled;
    }

    /** The offset in the stream of the next byte. */
    long position() {
        return before + at;
    }

    // ---- structure ----

    void expect(char c, String what) throws IOException {
        skipWhitespace();
        if (peek() != c) {
            throw error("expected " + what, position());
        }
        at++;
    }

    void enter() {
        if (++depth > JsonParser.MAX_DEPTH) {
            throw error("arrays and objects nested more than " + JsonParser.MAX_DEPTH + " levels deep", position());
        }
    }

    /** After '{': true (and past the '}') when the object is empty. */
    boolean objectEmpty() throws IOException {
        return closes('}');
    }

    /** After a member: true for ',' (another member follows), false for '}'. */
    boolean objectNext() throws IOException {
        return next('}', "expected ',' or '}' after an object member");
    }

    /** Checks that only whitespace is left. */
    void expectEnd() throws IOException {
        skipWhitespace();
        if (peekOrEnd() != END) {
            throw error("unexpected data after the JSON value", position());
        }
    }

    /** Checks one value (with the whitespace before it) and moves past it. */
    void skipValue() throws IOException {
        skipWhitespace();
        switch (peek()) {
            case '{':
                enter();
                at++;
                if (!closes('}')) {
                    do {
                        skipName();
                        skipValue();
                    } while (next('}', "expected ',' or '}' after an object member"));
                }
                depth--;
                return;
            case '[':
                enter();
                at++;
                if (!closes(']')) {
                    do {
                        skipValue();
                    } while (next(']', "expected ',' or ']' after an array element"));
                }
                depth--;
                return;
            case '"':
                string(null, 0);
                return;
            default:
                scalar();
        }
    }

    /**
     * Reads a member name and the ':' after it: its text when it has at most {@code maxChars}
     * chars, else {@code null} (checked, not kept).
     */
    String name(int maxChars) throws IOException {
        skipWhitespace();
        if (peek() != '"') {
            throw error("expected a string as the object member name", position());
        }
        StringBuilder text = new StringBuilder(maxChars);
        boolean whole = string(text, maxChars);
        expect(':', "':' after an object member name");
        return whole ? text.toString() : null;
    }

    /** Whether the next value (after whitespace) is a string. */
    boolean atString() throws IOException {
        skipWhitespace();
        return peek() == '"';
    }

    /**
     * Reads a string value whose text is at most {@code maxChars} chars; a longer one is an
     * error, as the caller would otherwise hold any amount of it.
     */
    String readString(int maxChars, String what) throws IOException {
        long start = position();
        StringBuilder text = new StringBuilder(Math.min(maxChars, 64));
        if (!string(text, maxChars)) {
            throw new IllegalArgumentException("its " + what + " (at byte " + start + ") is longer than " + maxChars
                    + " characters");
        }
        return text.toString();
    }

    private void skipName() throws IOException {
        skipWhitespace();
        if (peek() != '"') {
            throw error("expected a string as the object member name", position());
        }
        string(null, 0);
        expect(':', "':' after an object member name");
    }

    private boolean closes(char close) throws IOException {
        skipWhitespace();
        if (peek() == close) {
            at++;
            return true;
        }
        return false;
    }

    private boolean next(char close, String otherwise) throws IOException {
        skipWhitespace();
        int b = peek();
        if (b == ',') {
            at++;
            return true;
        }
        if (b != close) {
            throw error(otherwise, position());
        }
        at++;
        return false;
    }

    // ---- strings ----

    /**
     * Moves past the string starting here, appending its text to {@code text} (when not null)
     * while that holds at most {@code maxChars} chars; returns false when the text did not fit.
     */
    private boolean string(StringBuilder text, int maxChars) throws IOException {
        long start = position();
        at++;
        boolean fits = true;
        while (true) {
            if (at >= limit && fill(1) == 0) {
                throw error("a string that never ends", start);
            }
            if (text == null) {
                // Skipping: runs of plain ASCII need no more than a look at each byte.
                byte[] buffer = this.buffer;
                int i = at;
                int limit = this.limit;
                while (i < limit) {
                    byte b = buffer[i];
                    if (b == '"' || b == '\\' || b < 0x20) {
                        break;
                    }
                    i++;
                }
                at = i;
                if (i == limit) {
                    continue;
                }
            }
            int b = buffer[at];
            if (b == '"') {
                at++;
                return fits;
            }
            int code;
            if (b == '\\') {
                code = escape(start);
            } else if (b < 0) {
                code = utf8();
            } else if (b < 0x20) {
                throw error("a control character in a string (it must be escaped)", position());
            } else {
                code = b;
                at++;
            }
            if (text != null && fits) {
                fits = text.length() + Character.charCount(code) <= maxChars;
                if (fits) {
                    text.appendCodePoint(code);
                }
            }
        }
    }

    // Returns the escaped char; a lone surrogate stays one, as in Python.
    private int escape(long stringStart) throws IOException {
        long start = position();
        int available = fill(6);
        if (available < 2) {
            throw error("a string that never ends", stringStart);
        }
        byte e = buffer[at + 1];
        at += 2;
        switch (e) {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                if (available < 6) {
                    throw error("a \\u escape cut short", start);
                }
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    byte hex = buffer[at + i];
                    int digit = Character.digit(hex, 16);
                    if (digit < 0 || hex < 0) {
                        throw error("a \\u escape needs four hex digits", start);
                    }
                    code = code << 4 | digit;
                }
                at += 4;
                return code;
            default:
                throw error("an invalid escape '\\" + (char) (e & 0xff) + "'", start);
        }
    }

    private int utf8() throws IOException {
        int available = fill(4);
        int code = JsonParser.codePoint(buffer, at, at + available);
        if (code < 0) {
            throw error(code == JsonParser.CUT_SHORT ? "invalid UTF-8 (a sequence cut short)" : "invalid UTF-8", position());
        }
        at += JsonParser.utf8Length(code);
        return code;
    }

    // ---- numbers and literals ----

    private void scalar() throws IOException {
        switch (peek()) {
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            case 'N' -> literal("NaN");
            case 'I' -> literal("Infinity");
            default -> {
                int b = peek();
                if (b == '-' && fill(2) >= 2 && buffer[at + 1] == 'I') {
                    at++;
                    literal("Infinity");
                } else if (b == '-' || (b >= '0' && b <= '9')) {
                    number();
                } else {
                    throw error("expected a JSON value", position());
                }
            }
        }
    }

    private void literal(String word) throws IOException {
        long start = position();
        int available = fill(word.length() + 1);
        if (available < word.length()) {
            throw error("expected a JSON value", start);
        }
        for (int i = 0; i < word.length(); i++) {
            if (buffer[at + i] != word.charAt(i)) {
                throw error("expected a JSON value", start);
            }
        }
        at += word.length();
        if (available > word.length() && JsonParser.isWordByte(buffer[at])) {
            throw error("expected a JSON value", start);
        }
    }

    private void number() throws IOException {
        long start = position();
        if (peekOrEnd() == '-') {
            at++;
        }
        int b = peekOrEnd();
        long intDigits;
        if (b == '0') {
            at++;
            intDigits = 1;
        } else if (b >= '1' && b <= '9') {
            intDigits = digits();
        } else {
            throw error("a number without digits", start);
        }
        boolean integral = true;
        if (peekOrEnd() == '.') {
            integral = false;
            at++;
            if (digits() == 0) {
                throw error("an invalid number", start);
            }
        }
        b = peekOrEnd();
        if (b == 'e' || b == 'E') {
            integral = false;
            at++;
            b = peekOrEnd();
            if (b == '+' || b == '-') {
                at++;
            }
            if (digits() == 0) {
                throw error("an invalid number", start);
            }
        }
        // "1x", "0123" or "1.5.5": Python stops the number there and then fails on the rest.
        b = peekOrEnd();
        if (b != END && (JsonParser.isWordByte((byte) b) || b == '-' || b == '+')) {
            throw error("an invalid number", start);
        }
        if (integral && intDigits > JsonParser.MAX_INT_DIGITS) {
            throw error("an integer of more than " + JsonParser.MAX_INT_DIGITS + " digits (Python refuses to read it)", start);
        }
    }

    private long digits() throws IOException {
        long count = 0;
        while (true) {
            if (at >= limit && fill(1) == 0) {
                return count;
            }
            byte b = buffer[at];
            if (b < '0' || b > '9') {
                return count;
            }
            at++;
            count++;
        }
    }

    // ---- bytes ----

    void skipWhitespace() throws IOException {
        while (true) {
            if (at >= limit && fill(1) == 0) {
                return;
            }
            byte b = buffer[at];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            at++;
        }
    }

    /** The next byte (0–255), or an error when the stream has ended. */
    private int peek() throws IOException {
        int b = peekOrEnd();
        if (b == END) {
            throw error("the document ends too early", position());
        }
        return b;
    }

    private int peekOrEnd() throws IOException {
        if (at >= limit && fill(1) == 0) {
            return END;
        }
        return buffer[at] & 0xff;
    }

    /**
     * Makes at least {@code wanted} bytes (at most the buffer's size) available from {@code at},
     * unless the stream ends first; returns how many are available.
     */
    private int fill(int wanted) throws IOException {
        int available = limit - at;
        if (available >= wanted || ended) {
            return available;
        }
        if (at > 0) {
            System.arraycopy(buffer, at, buffer, 0, available);
            before += at;
            at = 0;
            limit = available;
        }
        while (limit < wanted && !ended) {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                ended = true;
            } else {
                limit += read;
            }
        }
        return limit - at;
    }

    private static IllegalArgumentException error(String what, long position) {
        return new IllegalArgumentException("not valid JSON: " + what + " at byte " + position);
    }
}
