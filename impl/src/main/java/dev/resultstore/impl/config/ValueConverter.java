package dev.resultstore.impl.config;

import java.io.File;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URL;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Converts configuration strings with MicroProfile Config's rules: built-in types, then a
 * static {@code of(String)}, {@code valueOf(String)}, {@code parse(CharSequence)} or a
 * {@code String} constructor; plus {@link Duration}, {@link Path}, {@link URI}, enums and
 * {@code char[]} (for secrets). Used only while configuring, never on the hot path.
 */
final class ValueConverter {

    static final Duration MIN_DURATION = Duration.ofMillis(1);
    static final Duration MAX_DURATION = Duration.ofDays(36_500);

    private ValueConverter() {
    }

    /** Whether {@code type} can be converted from a string at all. */
    static boolean supports(Class<?> type) {
        if (type.isArray() && type != char[].class) {
            return supports(type.getComponentType());
        }
        return type.isPrimitive() || type == String.class || type == CharSequence.class || type == char[].class
                || type == Duration.class || type == Path.class || type == File.class || type == URI.class
                || type == URL.class || type.isEnum() || Number.class.isAssignableFrom(type)
                || type == Boolean.class || type == Character.class || implicitConverter(type) != null;
    }

    /**
     * Converts {@code raw} to {@code type}.
     *
     * @throws IllegalArgumentException saying what was expected (never repeating the value: it may be a secret)
     */
    static Object convert(String raw, Class<?> type) {
        String value = raw.trim();
        // An empty value never means a default: an empty path would silently be the working directory.
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the value is empty; remove the key to use the default");
        }
        try {
            if (type == String.class || type == CharSequence.class) {
                return raw;
            }
            if (type == char[].class) {
                return raw.toCharArray();
            }
            if (type.isArray()) {
                String[] parts = value.isEmpty() ? new String[0] : value.split("\\s*,\\s*");
                Object array = Array.newInstance(type.getComponentType(), parts.length);
                for (int i = 0; i < parts.length; i++) {
                    Array.set(array, i, convert(parts[i], type.getComponentType()));
                }
                return array;
            }
            if (type == boolean.class || type == Boolean.class) {
                return parseBoolean(value);
            }
            if (type == int.class || type == Integer.class) {
                return Integer.valueOf(value);
            }
            if (type == long.class || type == Long.class) {
                return Long.valueOf(value);
            }
            if (type == double.class || type == Double.class) {
                return Double.valueOf(value);
            }
            if (type == float.class || type == Float.class) {
                return Float.valueOf(value);
            }
            if (type == short.class || type == Short.class) {
                return Short.valueOf(value);
            }
            if (type == byte.class || type == Byte.class) {
                return Byte.valueOf(value);
            }
            if (type == char.class || type == Character.class) {
                if (raw.length() != 1) {
                    throw new IllegalArgumentException("expected a single character");
                }
                return raw.charAt(0);
            }
            if (type == Duration.class) {
                return parseDuration(value);
            }
            if (type == Path.class) {
                return Path.of(value);
            }
            if (type == File.class) {
                return Path.of(value).toFile();
            }
            if (type == URI.class) {
                return new URI(value);
            }
            if (type == URL.class) {
                return new URI(value).toURL();
            }
            if (type.isEnum()) {
                return parseEnum(value, type);
            }
            Object converted = implicit(value, type);
            if (converted != null) {
                return converted;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected " + describe(type));
        } catch (InvalidPathException e) {
            // Its message repeats the value; the reason alone does not.
            throw new IllegalArgumentException("expected a file system path: " + e.getReason());
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("expected " + describe(type) + " (" + e.getClass().getSimpleName() + ")");
        }
        throw new IllegalArgumentException("cannot convert a string to " + type.getName());
    }

    /**
     * An ISO-8601 duration ({@code PT1H}, {@code P1D}); {@code 0} means zero. Durations are
     * used in milliseconds and nanoseconds, so a non-zero one is at least {@link #MIN_DURATION}
     * and at most {@link #MAX_DURATION}: beyond, a timer would silently be zero or overflow.
     */
    static Duration parseDuration(String value) {
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Duration duration;
        try {
            duration = Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("expected an ISO-8601 duration such as PT30S, PT1H or P1D (0 for none)");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("expected a non-negative duration");
        }
        if (!duration.isZero() && duration.compareTo(MIN_DURATION) < 0) {
            throw new IllegalArgumentException("expected 0 or at least 1 millisecond (PT0.001S)");
        }
        if (duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("expected at most 100 years (P36500D)");
        }
        return duration;
    }

    static boolean parseBoolean(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true": case "1": case "yes": case "y": case "on":
                return true;
            case "false": case "0": case "no": case "n": case "off":
                return false;
            default:
                throw new IllegalArgumentException("expected true or false");
        }
    }

    private static Object parseEnum(String value, Class<?> type) {
        String wanted = value.replace('-', '_');
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equalsIgnoreCase(wanted)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("expected " + describe(type));
    }

    private static Object implicit(String value, Class<?> type) throws Exception {
        Object converter = implicitConverter(type);
        if (converter instanceof Method) {
            return ((Method) converter).invoke(null, value);
        }
        if (converter instanceof Constructor) {
            return ((Constructor<?>) converter).newInstance(value);
        }
        return null;
    }

    private static Object implicitConverter(Class<?> type) {
        for (String name : new String[] {"of", "valueOf"}) {
            Method method = staticFactory(type, name, String.class);
            if (method != null) {
                return method;
            }
        }
        Method parse = staticFactory(type, "parse", CharSequence.class);
        if (parse != null) {
            return parse;
        }
        try {
            return type.getConstructor(String.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Method staticFactory(Class<?> type, String name, Class<?> parameter) {
        try {
            Method method = type.getMethod(name, parameter);
            return Modifier.isStatic(method.getModifiers()) && type.isAssignableFrom(method.getReturnType()) ? method : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** What a value of {@code type} looks like, for error messages. */
    static String describe(Class<?> type) {
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number (" + type.getSimpleName() + ")";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration such as PT30S, PT1H or P1D";
        }
        if (type.isEnum()) {
            StringBuilder names = new StringBuilder("one of ");
            Object[] constants = type.getEnumConstants();
            for (int i = 0; i < constants.length; i++) {
                names.append(i == 0 ? "" : ", ").append(((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            return names.toString();
        }
        return "a value of type " + type.getSimpleName();
    }
}
