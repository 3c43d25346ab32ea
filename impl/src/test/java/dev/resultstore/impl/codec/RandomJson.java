package dev.resultstore.impl.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random valid JSON text in the many ways a writer may spell the same value: any member order,
 * whitespace, escaped or raw characters (surrogate pairs and lone surrogates included), and
 * numbers in integer, fraction, exponent and very large forms.
 */
final class RandomJson {

    private static final String WHITESPACE = " \t\n\r";
    private static final String SAMPLES = "aZ09 _-/\"\\\b\f\n\r\t\u0000\u001f\u007f\u00e9\u00ff\u0100\u2028\u20ac\uffff\ufeff";

    private final Random random;
    private final boolean nonFinite;

    /** {@code nonFinite}: also write Celery's NaN/Infinity/-Infinity tokens (which JSON-P parsers refuse). */
    RandomJson(long seed, boolean nonFinite) {
        this.random = new Random(seed);
        this.nonFinite = nonFinite;
    }

    Random random() {
        return random;
    }

    String whitespace() {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(4) == 0 ? random.nextInt(4) : 0; i > 0; i--) {
            text.append(WHITESPACE.charAt(random.nextInt(4)));
        }
        return text.toString();
    }

    /** A value nested at most {@code depth} more levels. */
    String value(int depth) {
        int kind = random.nextInt(depth > 0 ? 9 : 6);
        switch (kind) {
            case 0: return "null";
            case 1: return random.nextBoolean() ? "true" : "false";
            case 2: case 3: return number();
            case 4: case 5: return string(randomText());
            case 6: {
                List<String> items = new ArrayList<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    items.add(whitespace() + value(depth - 1) + whitespace());
                }
                return "[" + whitespace() + String.join(",", items) + "]";
            }
            default: {
                List<String> names = new ArrayList<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    String name = randomText();
                    if (!names.contains(name)) {
                        names.add(name);
                    }
                }
                return object(names.stream().map(name -> member(name, value(depth - 1))).toList());
            }
        }
    }

    String member(String name, String valueJson) {
        return whitespace() + string(name) + whitespace() + ":" + whitespace() + valueJson + whitespace();
    }

    /** An object of the given members in random order. */
    String object(List<String> members) {
        List<String> shuffled = new ArrayList<>(members);
        Collections.shuffle(shuffled, random);
        return "{" + whitespace() + String.join(",", shuffled) + "}";
    }

    String number() {
        if (nonFinite && random.nextInt(10) == 0) {
            return List.of("NaN", "Infinity", "-Infinity").get(random.nextInt(3));
        }
        StringBuilder text = new StringBuilder();
        if (random.nextBoolean()) {
            text.append('-');
        }
        int form = random.nextInt(4);
        if (form == 0 || random.nextInt(3) == 0) {
            text.append('0');
        } else {
            text.append(1 + random.nextInt(9));
            int more = form == 3 ? 15 + random.nextInt(30) : random.nextInt(12);
            for (int i = 0; i < more; i++) {
                text.append(random.nextInt(10));
            }
        }
        if (form == 1 || random.nextInt(4) == 0) {
            text.append('.');
            for (int i = 1 + random.nextInt(8); i > 0; i--) {
                text.append(random.nextInt(10));
            }
        }
        if (form == 2 || random.nextInt(6) == 0) {
            text.append(random.nextBoolean() ? 'e' : 'E');
            int sign = random.nextInt(3);
            text.append(sign == 0 ? "" : sign == 1 ? "+" : "-");
            text.append(random.nextInt(random.nextInt(10) == 0 ? 400 : 20));
        }
        return text.toString();
    }

    String randomText() {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(random.nextInt(8) == 0 ? 40 : 8); i > 0; i--) {
            switch (random.nextInt(6)) {
                case 0: text.append(SAMPLES.charAt(random.nextInt(SAMPLES.length()))); break;
                case 1: text.appendCodePoint(0x10000 + random.nextInt(0x100000)); break;   // a surrogate pair
                case 2: text.append((char) (0xd800 + random.nextInt(0x800))); break;       // a lone surrogate
                case 3: text.append((char) random.nextInt(0xd800)); break;
                default: text.append((char) (0x20 + random.nextInt(0x5f)));
            }
        }
        return text.toString();
    }

    /** A JSON string of {@code text}, each char raw or escaped at random (where JSON allows either). */
    String string(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            boolean mustEscape = c < 0x20 || c == '"' || c == '\\' || (Character.isSurrogate(c) && !pair);
            if (!mustEscape && random.nextInt(4) != 0) {
                json.append(c);
                if (pair) {
                    json.append(text.charAt(++i));
                }
                continue;
            }
            String shortForm = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '/' -> "\\/";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> null;
            };
            if (shortForm != null && random.nextBoolean()) {
                json.append(shortForm);
            } else {
                String hex = String.format("\\u%04x", (int) c);
                json.append(random.nextBoolean() ? hex : hex.toUpperCase(java.util.Locale.ROOT).replace("\\U", "\\u"));
            }
        }
        return json.append('"').toString();
    }
}
