package dev.resultstore.impl.codec;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader over UTF-8 bytes that accepts exactly what Python's {@code json.loads}
 * accepts: RFC 8259 JSON, plus the {@code NaN}, {@code Infinity} and {@code -Infinity} tokens
 * Celery writes for non-finite floats. Invalid UTF-8, a byte order mark, control characters in
 * strings, leading zeros, a lone {@code -}, trailing bytes: all are errors, never guesses.
 * Escapes keep lone surrogates ({@code "\ud800"}) as the Java char, as Python keeps them.
 * Nesting is limited to {@value #MAX_DEPTH} levels, so no input can exhaust the stack.
 * Errors are {@link IllegalArgumentException}s saying what and at which byte.
 */
final class JsonParser {

    /** The deepest nesting of arrays and objects accepted (Python's own limit is about the same). */
    static final int MAX_DEPTH = 1000;

    /** Python 3.11+ refuses to read integers of more digits than this ({@code sys.get_int_max_str_digits}). */
    static final int MAX_INT_DIGITS = 4300;

    private final byte[] in;
    private final int end;
    private int at;
    private int depth;

    JsonParser(byte[] in, int start, int end) {
        this.in = in;
        this.at = start;
        this.end = end;
    }

    int position() {
        return at;
    }

    /** Checks that only whitespace is left. */
    void expectEnd() {
        skipWhitespace();
        if (at < end) {
            throw error("unexpected data after the JSON value", at);
        }
    }

    // ---- grammar, without building anything ----

    /** Validates one value (with the whitespace before it) and moves past it. */
    void skipValue() {
        skipWhitespace();
        byte b = peek();
        switch (b) {
            case '{':
                enter();
                at++;
                if (!objectEmpty()) {
                    do {
                        skipKey();
                        skipValue();
                    } while (objectNext());
                }
                depth--;
                return;
            case '[':
                enter();
                at++;
                if (!arrayEmpty()) {
                    do {
                        skipValue();
                    } while (arrayNext());
                }
                depth--;
                return;
            case '"':
                skipString();
                return;
            default:
                scalar(false);
        }
    }

    /** The next value as plain Java, as Python reads it: Map, List, String, Integer/Long/BigInteger, Double, Boolean, null. */
    Object readPlain() {
        skipWhitespace();
        byte b = peek();
        switch (b) {
            case '{': {
                enter();
                at++;
                Map<String, Object> map = new LinkedHashMap<>();
                if (!objectEmpty()) {
                    do {
                        String name = readKey();
                        map.put(name, readPlain()); // a repeated name: the last value wins, as in a Python dict
                    } while (objectNext());
                }
                depth--;
                return map;
            }
            case '[': {
                enter();
                at++;
                List<Object> list = new ArrayList<>();
                if (!arrayEmpty()) {
                    do {
                        list.add(readPlain());
                    } while (arrayNext());
                }
                depth--;
                return list;
            }
            case '"':
                return readString();
            default:
                return scalar(true);
        }
    }

    // ---- structure helpers, also used by Binding's readers ----

    void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("arrays and objects nested more than " + MAX_DEPTH + " levels deep", at);
        }
    }

    void leave() {
        depth--;
    }

    /** After '{': true (and past the '}') when the object is empty. */
    boolean objectEmpty() {
        skipWhitespace();
        if (peek() == '}') {
            at++;
            return true;
        }
        return false;
    }

    /** After a member: true for ',' (another member follows), false for '}'. */
    boolean objectNext() {
        skipWhitespace();
        byte b = next();
        if (b == ',') {
            return true;
        }
        if (b != '}') {
            throw error("expected ',' or '}' after an object member", at - 1);
        }
        return false;
    }

    boolean arrayEmpty() {
        skipWhitespace();
        if (peek() == ']') {
            at++;
            return true;
        }
        return false;
    }

    boolean arrayNext() {
        skipWhitespace();
        byte b = next();
        if (b == ',') {
            return true;
        }
        if (b != ']') {
            throw error("expected ',' or ']' after an array element", at - 1);
        }
        return false;
    }

    /** Whether the next value (after whitespace) starts with {@code c}; does not move. */
    boolean peekIs(char c) {
        skipWhitespace();
        return at < end && in[at] == c;
    }

    /** Moves past {@code c} (after whitespace), or fails. */
    void expect(char c, String what) {
        skipWhitespace();
        if (at >= end || in[at] != c) {
            throw error("expected " + what, at);
        }
        at++;
    }

    /** Reads a member name and the ':' after it. */
    String readKey() {
        skipWhitespace();
        if (peek() != '"') {
            throw error("expected a string as the object member name", at);
        }
        String name = readString();
        expect(':', "':' after an object member name");
        return name;
    }

    /**
     * Moves past a member name and its ':'; returns the name's span inside the quotes, start in
     * the high and end in the low 32 bits, negated when the name contains escapes.
     */
    long skipKeySpan() {
        skipWhitespace();
        if (peek() != '"') {
            throw error("expected a string as the object member name", at);
        }
        int start = at + 1;
        boolean escaped = skipString();
        long span = ((long) start << 32) | (at - 1);
        expect(':', "':' after an object member name");
        return escaped ? -span - 1 : span;
    }

    /**
     * When the next member name is exactly {@code name} written without escapes, moves past it
     * and its ':' and returns true; otherwise does not move. The fast path of reading a record
     * whose members come in the order they were written.
     */
    boolean skipKeyIf(byte[] name) {
        skipWhitespace();
        byte[] in = this.in;
        int quote = at + 1 + name.length;
        if (quote >= end || in[at] != '"' || in[quote] != '"') {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (in[at + 1 + i] != name[i]) {
                return false;
            }
        }
        at = quote + 1;
        expect(':', "':' after an object member name");
        return true;
    }

    private void skipKey() {
        skipKeySpan();
    }

    // ---- strings ----

    /** Moves past a string; returns whether it contains escapes. */
    boolean skipString() {
        byte[] in = this.in;
        int end = this.end;
        int i = at + 1;
        // The common case: printable ASCII up to the closing quote (bytes >= 0x80 are negative).
        while (i < end) {
            byte b = in[i];
            if (b == '"') {
                at = i + 1;
                return false;
            }
            if (b == '\\' || b < 0x20) {
                break;
            }
            i++;
        }
        int start = at;
        at = i;
        boolean escaped = false;
        while (true) {
            if (at >= end) {
                throw error("a string that never ends", start);
            }
            int b = in[at];
            if (b == '"') {
                at++;
                return escaped;
            }
            if (b == '\\') {
                escaped = true;
                escape(null);
            } else if (b < 0) {
                utf8(null);
            } else if (b < 0x20) {
                throw error("a control character in a string (it must be escaped)", at);
            } else {
                at++;
            }
        }
    }

    /** Reads a string value; the next byte must be its opening quote. */
    String readString() {
        int start = ++at;
        // The common case: plain ASCII without escapes, copied once.
        while (at < end) {
            int b = in[at];
            if (b == '"') {
                return new String(in, start, at++ - start, StandardCharsets.ISO_8859_1);
            }
            if (b == '\\' || b < 0x20) {
                break;
            }
            at++;
        }
        StringBuilder text = new StringBuilder(Math.max(16, at - start + 16));
        for (int i = start; i < at; i++) {
            text.append((char) in[i]);
        }
        while (true) {
            if (at >= end) {
                throw error("a string that never ends", start - 1);
            }
            int b = in[at];
            if (b == '"') {
                at++;
                return text.toString();
            }
            if (b == '\\') {
                escape(text);
            } else if (b < 0) {
                utf8(text);
            } else if (b < 0x20) {
                throw error("a control character in a string (it must be escaped)", at);
            } else {
                text.append((char) b);
                at++;
            }
        }
    }

    private void escape(StringBuilder text) {
        int start = at;
        at++;
        if (at >= end) {
            throw error("a string that never ends", start);
        }
        byte e = in[at++];
        char c;
        switch (e) {
            case '"': c = '"'; break;
            case '\\': c = '\\'; break;
            case '/': c = '/'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'u':
                if (at + 4 > end) {
                    throw error("a \\u escape cut short", start);
                }
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(in[at + i], 16);
                    if (digit < 0 || in[at + i] < 0) {
                        throw error("a \\u escape needs four hex digits", start);
                    }
                    code = code << 4 | digit;
                }
                at += 4;
                c = (char) code; // a lone surrogate stays one, as in Python
                break;
            default:
                throw error("an invalid escape '\\" + (char) (e & 0xff) + "'", start);
        }
        if (text != null) {
            text.append(c);
        }
    }

    /** Decodes one multi-byte UTF-8 sequence strictly (no overlong forms, no surrogates, at most U+10FFFF). */
    private void utf8(StringBuilder text) {
        int code = codePoint(in, at, end);
        if (code < 0) {
            throw error(code == CUT_SHORT ? "invalid UTF-8 (a sequence cut short)" : "invalid UTF-8", at);
        }
        at += utf8Length(code);
        if (text != null) {
            text.appendCodePoint(code);
        }
    }

    static final int INVALID = -1;
    static final int CUT_SHORT = -2;

    /**
     * The code point of the multi-byte UTF-8 sequence at {@code start}, checked strictly;
     * {@link #INVALID}, or {@link #CUT_SHORT} when {@code end} comes first. Shared with {@link JsonStream}.
     */
    static int codePoint(byte[] in, int start, int end) {
        int b0 = in[start] & 0xff;
        int length;
        int min;
        int code;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            length = 2;
            min = 0x80;
            code = b0 & 0x1f;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            length = 3;
            min = 0x800;
            code = b0 & 0x0f;
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            length = 4;
            min = 0x10000;
            code = b0 & 0x07;
        } else {
            return INVALID;
        }
        if (start + length > end) {
            return CUT_SHORT;
        }
        for (int i = 1; i < length; i++) {
            int b = in[start + i] & 0xff;
            if ((b & 0xc0) != 0x80) {
                return INVALID;
            }
            code = code << 6 | (b & 0x3f);
        }
        if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
            return INVALID;
        }
        return code;
    }

    /** How many bytes UTF-8 takes for a code point of two bytes or more. */
    static int utf8Length(int code) {
        return code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    }

    // ---- numbers and literals ----

    /** Reads (or, when {@code build} is false, only checks) a number, true, false, null, NaN or Infinity. */
    Object scalar(boolean build) {
        byte b = peek();
        switch (b) {
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            case 'N':
                literal("NaN");
                return Double.NaN;
            case 'I':
                literal("Infinity");
                return Double.POSITIVE_INFINITY;
            default:
                if (b == '-' && at + 1 < end && in[at + 1] == 'I') {
                    at++;
                    literal("Infinity");
                    return Double.NEGATIVE_INFINITY;
                }
                if (b == '-' || (b >= '0' && b <= '9')) {
                    return number(build);
                }
                throw error("expected a JSON value", at);
        }
    }

    private void literal(String word) {
        if (at + word.length() > end) {
            throw error("expected a JSON value", at);
        }
        for (int i = 0; i < word.length(); i++) {
            if (in[at + i] != word.charAt(i)) {
                throw error("expected a JSON value", at);
            }
        }
        at += word.length();
        if (at < end && isWordByte(in[at])) {
            throw error("expected a JSON value", at - word.length());
        }
    }

    static boolean isWordByte(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b == '.' || b < 0;
    }

    private Object number(boolean build) {
        byte[] in = this.in;
        int end = this.end;
        int start = at;
        int i = at;
        boolean negative = in[i] == '-';
        if (negative) {
            i++;
        }
        int intStart = i;
        long mantissa = 0; // the digits as one integer, while they fit: the fast paths below
        int significant = 0;
        if (i < end && in[i] == '0') {
            i++;
        } else if (i < end && in[i] >= '1' && in[i] <= '9') {
            while (i < end && in[i] >= '0' && in[i] <= '9') {
                if (significant < 18) {
                    mantissa = mantissa * 10 + (in[i] - '0');
                }
                significant++;
                i++;
            }
        } else {
            throw error("a number without digits", start);
        }
        int intDigits = i - intStart;
        boolean integral = true;
        int fractionDigits = 0;
        if (i < end && in[i] == '.') {
            integral = false;
            int first = ++i;
            while (i < end && in[i] >= '0' && in[i] <= '9') {
                if (significant < 18) {
                    mantissa = mantissa * 10 + (in[i] - '0');
                    fractionDigits++;
                    if (mantissa != 0) {
                        significant++;
                    }
                } else {
                    significant++;
                }
                i++;
            }
            if (i == first) {
                throw error("an invalid number", start);
            }
        }
        boolean exponent = false;
        if (i < end && (in[i] == 'e' || in[i] == 'E')) {
            integral = false;
            exponent = true;
            i++;
            if (i < end && (in[i] == '+' || in[i] == '-')) {
                i++;
            }
            int first = i;
            while (i < end && in[i] >= '0' && in[i] <= '9') {
                i++;
            }
            if (i == first) {
                throw error("an invalid number", start);
            }
        }
        at = i;
        // "1x", "0123" or "1.5.5": Python stops the number there and then fails on the rest.
        if (i < end && (isWordByte(in[i]) || in[i] == '-' || in[i] == '+')) {
            throw error("an invalid number", start);
        }
        if (integral && intDigits > MAX_INT_DIGITS) {
            throw error("an integer of more than " + MAX_INT_DIGITS + " digits (Python refuses to read it)", start);
        }
        if (!build) {
            return null;
        }
        if (integral) {
            if (intDigits <= 18) {
                long value = negative ? -mantissa : mantissa;
                return value == (int) value ? (Object) (int) value : (Object) value;
            }
            BigInteger big = new BigInteger(new String(in, start, i - start, StandardCharsets.ISO_8859_1));
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        // Exact when the digits and the power of ten are both exact doubles: one correctly rounded division.
        if (!exponent && significant <= 15 && fractionDigits <= 22 && mantissa < (1L << 53)) {
            double value = (double) mantissa / POWERS_OF_TEN[fractionDigits];
            return negative ? -value : value;
        }
        return Double.parseDouble(new String(in, start, i - start, StandardCharsets.ISO_8859_1));
    }

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /** The number starting here (after whitespace), as written; {@link Mismatch} when the next value is no number. */
    String numberText() {
        skipWhitespace();
        int start = at;
        if (at >= end || !(in[at] == '-' || (in[at] >= '0' && in[at] <= '9')) || (in[at] == '-' && at + 1 < end && in[at + 1] == 'I')) {
            throw new Mismatch();
        }
        number(false);
        return new String(in, start, at - start, StandardCharsets.ISO_8859_1);
    }

    /** Whether the span from {@link #skipKeySpan} (without escapes) holds exactly {@code name}. */
    boolean spanEquals(long span, byte[] name) {
        int start = (int) (span >>> 32);
        int stop = (int) span;
        if (stop - start != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (in[start + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    // ---- bytes ----

    void skipWhitespace() {
        byte[] in = this.in;
        int i = at;
        while (i < end) {
            byte b = in[i];
            if (b > ' ' || (b != ' ' && b != '\n' && b != '\r' && b != '\t')) {
                break;
            }
            i++;
        }
        at = i;
    }

    private byte peek() {
        if (at >= end) {
            throw error("the document ends too early", at);
        }
        return in[at];
    }

    private byte next() {
        byte b = peek();
        at++;
        return b;
    }

    IllegalArgumentException error(String what, int position) {
        return new IllegalArgumentException("not valid JSON: " + what + " at byte " + position);
    }

    /** The value does not fit the type a direct reader expected: the caller falls back to JSON-B. */
    static final class Mismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Mismatch() {
            super(null, null, false, false);
        }
    }
}
