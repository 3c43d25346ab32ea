package dev.resultstore.impl.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.json.bind.Jsonb;

/**
 * Writes JSON as UTF-8 bytes into one growing buffer. Plain Java values — {@code Map}s with
 * string keys, collections, strings, numbers, booleans and records that default JSON-B would
 * write as they are — are written directly, the way JSON-B writes them; any other value is
 * handed to JSON-B and its JSON copied in. Non-finite doubles are written as Python's
 * {@code json} (and so Celery) writes them: {@code NaN}, {@code Infinity}, {@code -Infinity}.
 * A lone surrogate in a string is written as a {@code \\uXXXX} escape, which Python reads back
 * as the same lone surrogate: strings round-trip exactly.
 */
final class JsonWriter {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final Supplier<Jsonb> jsonb;
    private byte[] buffer;
    private int size;
    private int depth;

    JsonWriter(Supplier<Jsonb> jsonb, int capacity) {
        this.jsonb = jsonb;
        this.buffer = new byte[capacity];
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    // ---- values ----

    /** Writes a Java value as JSON; {@link IllegalArgumentException} for values nested too deep (or containing themselves). */
    JsonWriter value(Object value) {
        if (value == null) {
            return ascii("null");
        }
        if (value instanceof String text) {
            return string(text);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return number(((Number) value).longValue());
        }
        if (value instanceof Double number) {
            return decimal(number);
        }
        if (value instanceof Boolean flag) {
            return ascii(flag ? "true" : "false");
        }
        if (value instanceof Map<?, ?> map && !(value instanceof jakarta.json.JsonValue)) {
            return map(map);
        }
        if (value instanceof Collection<?> collection && !(value instanceof jakarta.json.JsonValue)) {
            enter();
            put('[');
            boolean first = true;
            for (Object element : collection) {
                if (!first) {
                    put(',');
                }
                first = false;
                value(element);
            }
            put(']');
            depth--;
            return this;
        }
        if (value instanceof Float number) {
            return decimal(number.doubleValue(), Float.toString(number));
        }
        if (value instanceof BigInteger || value instanceof BigDecimal) {
            return ascii(value.toString());
        }
        RecordShape shape = RecordShape.of(value.getClass());
        if (shape != null) {
            return record(value, shape);
        }
        return raw(jsonb.get().toJson(value));
    }

    private JsonWriter map(Map<?, ?> map) {
        int start = size;
        enter();
        put('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String name)) {
                // Keys that are not strings: JSON-B has its own rules for turning them into names.
                size = start;
                depth--;
                return raw(jsonb.get().toJson(map));
            }
            if (!first) {
                put(',');
            }
            first = false;
            string(name);
            put(':');
            value(entry.getValue());
        }
        put('}');
        depth--;
        return this;
    }

    // JSON-B's defaults: properties in lexicographic order, null ones left out.
    private JsonWriter record(Object record, RecordShape shape) {
        enter();
        put('{');
        boolean first = true;
        for (int i = 0; i < shape.components.length; i++) {
            Object component = shape.value(record, i);
            if (component == null) {
                continue;
            }
            if (!first) {
                put(',');
            }
            first = false;
            string(shape.nameStrings[i]);
            put(':');
            value(component);
        }
        put('}');
        depth--;
        return this;
    }

    private void enter() {
        if (++depth > JsonParser.MAX_DEPTH) {
            throw new IllegalArgumentException("it is nested more than " + JsonParser.MAX_DEPTH
                    + " levels deep (does it contain itself?)");
        }
    }

    private JsonWriter decimal(double value, String text) {
        if (Double.isNaN(value)) {
            return ascii("NaN");
        }
        if (Double.isInfinite(value)) {
            return ascii(value > 0 ? "Infinity" : "-Infinity");
        }
        return ascii(text);
    }

    private static final double[] SCALES = {1, 10, 100, 1000};

    /**
     * A double with at most three decimals (amounts, ratios, most measured values) written as
     * digits directly: exact, since {@code digits / 10^k} parses back to the very same double.
     * Others as {@link Double#toString}, which is slow before JDK 19.
     */
    private JsonWriter decimal(double value) {
        if (value != 0 && Math.abs(value) < 1e15) {
            for (int k = 0; k < SCALES.length; k++) {
                double scaled = value * SCALES[k];
                long digits = (long) scaled;
                if (digits == scaled && digits / SCALES[k] == value) {
                    if (digits < 0) {
                        put('-');
                        digits = -digits;
                    }
                    long whole = digits / (long) SCALES[k];
                    number(whole).put('.');
                    if (k == 0) {
                        return ascii("0");
                    }
                    long fraction = digits % (long) SCALES[k];
                    for (long scale = (long) SCALES[k] / 10; scale > 0; scale /= 10) {
                        put((int) ('0' + fraction / scale % 10));
                    }
                    return this;
                }
            }
        }
        return decimal(value, Double.toString(value));
    }

    JsonWriter number(long value) {
        if (value == Long.MIN_VALUE) {
            return ascii(Long.toString(value));
        }
        ensure(20);
        if (value < 0) {
            buffer[size++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        int at = size + digits;
        do {
            buffer[--at] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        size += digits;
        return this;
    }

    // ---- text ----

    /** Writes a JSON string, or null. */
    JsonWriter nullableString(String text) {
        return text == null ? ascii("null") : string(text);
    }

    JsonWriter string(String text) {
        int length = text.length();
        ensure(length + 2);
        byte[] out = buffer;
        int at = size;
        out[at++] = '"';
        int i = 0;
        // The common case: printable ASCII, one byte per char.
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                break;
            }
            out[at++] = (byte) c;
        }
        size = at;
        if (i < length) {
            rest(text, i);
        }
        put('"');
        return this;
    }

    private void rest(String text, int from) {
        int length = text.length();
        for (int i = from; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                put(c);
            } else if (c == '"' || c == '\\') {
                put('\\');
                put(c);
            } else if (c < 0x20) {
                escapeControl(c);
            } else if (c < 0x80) {
                put(c);
            } else if (c < 0x800) {
                ensure(2);
                buffer[size++] = (byte) (0xc0 | c >> 6);
                buffer[size++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                int code = Character.toCodePoint(c, text.charAt(++i));
                ensure(4);
                buffer[size++] = (byte) (0xf0 | code >> 18);
                buffer[size++] = (byte) (0x80 | (code >> 12 & 0x3f));
                buffer[size++] = (byte) (0x80 | (code >> 6 & 0x3f));
                buffer[size++] = (byte) (0x80 | (code & 0x3f));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(c); // a lone surrogate has no UTF-8 form; Python writes and reads it as an escape
            } else {
                ensure(3);
                buffer[size++] = (byte) (0xe0 | c >> 12);
                buffer[size++] = (byte) (0x80 | (c >> 6 & 0x3f));
                buffer[size++] = (byte) (0x80 | (c & 0x3f));
            }
        }
    }

    private void escapeControl(char c) {
        switch (c) {
            case '\n': ascii("\\n"); break;
            case '\r': ascii("\\r"); break;
            case '\t': ascii("\\t"); break;
            case '\b': ascii("\\b"); break;
            case '\f': ascii("\\f"); break;
            default: unicodeEscape(c);
        }
    }

    private void unicodeEscape(char c) {
        ensure(6);
        buffer[size++] = '\\';
        buffer[size++] = 'u';
        buffer[size++] = HEX[c >> 12 & 0xf];
        buffer[size++] = HEX[c >> 8 & 0xf];
        buffer[size++] = HEX[c >> 4 & 0xf];
        buffer[size++] = HEX[c & 0xf];
    }

    /**
     * Copies JSON text as UTF-8 (JSON-B's output, the caller's JSON): only strings can hold
     * non-ASCII chars, so a lone surrogate there becomes its escape.
     */
    JsonWriter raw(String json) {
        int length = json.length();
        ensure(length);
        int i = 0;
        for (; i < length; i++) {
            char c = json.charAt(i);
            if (c >= 0x80) {
                break;
            }
            buffer[size++] = (byte) c;
        }
        for (; i < length; i++) {
            char c = json.charAt(i);
            if (c < 0x80) {
                put(c);
            } else {
                boolean pair = Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(json.charAt(i + 1));
                rest(json.substring(i, pair ? i + 2 : i + 1), 0);
                if (pair) {
                    i++;
                }
            }
        }
        return this;
    }

    /** Appends ASCII text as is. */
    JsonWriter ascii(String text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            buffer[size++] = (byte) text.charAt(i);
        }
        return this;
    }

    JsonWriter bytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    private void put(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(size + more, buffer.length * 2));
        }
    }
}
