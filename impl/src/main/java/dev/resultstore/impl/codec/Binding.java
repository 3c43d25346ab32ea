package dev.resultstore.impl.codec;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.resultstore.impl.codec.JsonParser.Mismatch;

/**
 * Reads a JSON value straight into the Java types that default JSON-B binds without any
 * customization — strings, numbers, booleans, {@code List}s, {@code Map}s with string keys and
 * public records without JSON-B annotations — so that typed reads need not go through a JSON-B
 * parser. A value that does not fit the shape expected ({@link Mismatch}), and every other type,
 * is left to JSON-B, which then decides exactly as it always would.
 */
abstract class Binding {

    private static final ClassValue<Optional<Binding>> BY_CLASS = new ClassValue<>() {
        @Override
        protected Optional<Binding> computeValue(Class<?> type) {
            return Optional.ofNullable(create(type, new IdentityHashMap<>()));
        }
    };

    /** Reads the next value; {@link Mismatch} when it is not of the expected shape. */
    abstract Object read(JsonParser parser);

    /** The direct reader for {@code type}, or {@code null} when JSON-B must read it. */
    static Binding of(Class<?> type) {
        return BY_CLASS.get(type).orElse(null);
    }

    private static Binding create(Type type, Map<Class<?>, RecordBinding> building) {
        if (type instanceof Class<?> raw) {
            return forClass(raw, building);
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            Type[] arguments = parameterized.getActualTypeArguments();
            if (raw == List.class || raw == Collection.class || raw == ArrayList.class) {
                Binding element = create(arguments[0], building);
                return element == null ? null : new ListBinding(element);
            }
            if ((raw == Map.class || raw == HashMap.class || raw == LinkedHashMap.class) && arguments[0] == String.class) {
                Binding value = create(arguments[1], building);
                return value == null ? null : new MapBinding(value);
            }
        }
        return null;
    }

    private static Binding forClass(Class<?> type, Map<Class<?>, RecordBinding> building) {
        if (type == String.class) {
            return STRING;
        }
        if (type == Integer.class || type == int.class) {
            return nullable(type, parser -> {
                if (parser.scalar(true) instanceof Integer value) {
                    return value;
                }
                throw new Mismatch();
            });
        }
        if (type == Long.class || type == long.class) {
            return nullable(type, parser -> {
                Object value = parser.scalar(true);
                if (value instanceof Integer || value instanceof Long) {
                    return ((Number) value).longValue();
                }
                throw new Mismatch();
            });
        }
        if (type == Double.class || type == double.class) {
            return nullable(type, parser -> {
                if (parser.scalar(true) instanceof Number number && !(number instanceof BigInteger)) {
                    return number.doubleValue();
                }
                throw new Mismatch();
            });
        }
        if (type == Float.class || type == float.class) {
            return nullable(type, parser -> Float.parseFloat(parser.numberText()));
        }
        if (type == Boolean.class || type == boolean.class) {
            return nullable(type, parser -> {
                if (parser.peekIs('t') || parser.peekIs('f')) {
                    return parser.scalar(true);
                }
                throw new Mismatch();
            });
        }
        if (type == BigDecimal.class) {
            return nullable(type, parser -> new BigDecimal(parser.numberText()));
        }
        if (type == BigInteger.class) {
            return nullable(type, parser -> {
                String text = parser.numberText();
                if (text.indexOf('.') >= 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
                    throw new Mismatch();
                }
                return new BigInteger(text);
            });
        }
        RecordShape shape = RecordShape.of(type);
        if (shape == null) {
            return null;
        }
        RecordBinding known = building.get(type);
        if (known != null) {
            return known; // a record that contains itself, e.g. a tree
        }
        RecordBinding binding = new RecordBinding(shape);
        building.put(type, binding);
        for (int i = 0; i < shape.components.length; i++) {
            Binding component = create(shape.components[i].getGenericType(), building);
            if (component == null) {
                building.remove(type);
                return null;
            }
            binding.components[i] = component;
        }
        return binding;
    }

    private interface Reader {
        Object read(JsonParser parser);
    }

    private static Binding nullable(Class<?> type, Reader reader) {
        boolean primitive = type.isPrimitive();
        return new Binding() {
            @Override
            Object read(JsonParser parser) {
                if (parser.peekIs('n')) {
                    parser.scalar(true);
                    if (primitive) {
                        throw new Mismatch();
                    }
                    return null;
                }
                if (parser.peekIs('"') || parser.peekIs('[') || parser.peekIs('{')) {
                    throw new Mismatch(); // e.g. a number in a string: JSON-B's rules decide
                }
                return reader.read(parser);
            }
        };
    }

    private static final Binding STRING = new Binding() {
        @Override
        Object read(JsonParser parser) {
            if (parser.peekIs('"')) {
                return parser.readString();
            }
            if (parser.peekIs('n')) {
                return parser.scalar(true);
            }
            throw new Mismatch();
        }
    };

    /** Whether the next value is JSON null (then consumed); {@link Mismatch} when it does not start with {@code open}. */
    static boolean nullOr(JsonParser parser, char open) {
        if (parser.peekIs('n')) {
            parser.scalar(true);
            return true;
        }
        if (!parser.peekIs(open)) {
            throw new Mismatch();
        }
        parser.expect(open, "'" + open + "'");
        parser.enter();
        return false;
    }

    private static final class ListBinding extends Binding {
        private final Binding element;

        ListBinding(Binding element) {
            this.element = element;
        }

        @Override
        Object read(JsonParser parser) {
            if (nullOr(parser, '[')) {
                return null;
            }
            List<Object> list = new ArrayList<>();
            if (!parser.arrayEmpty()) {
                do {
                    list.add(element.read(parser));
                } while (parser.arrayNext());
            }
            parser.leave();
            return list;
        }
    }

    private static final class MapBinding extends Binding {
        private final Binding value;

        MapBinding(Binding value) {
            this.value = value;
        }

        @Override
        Object read(JsonParser parser) {
            if (nullOr(parser, '{')) {
                return null;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            if (!parser.objectEmpty()) {
                do {
                    String name = parser.readKey();
                    map.put(name, value.read(parser));
                } while (parser.objectNext());
            }
            parser.leave();
            return map;
        }
    }

    private static final class RecordBinding extends Binding {
        private final RecordShape shape;
        private final Binding[] components;

        RecordBinding(RecordShape shape) {
            this.shape = shape;
            this.components = new Binding[shape.components.length];
        }

        @Override
        Object read(JsonParser parser) {
            if (nullOr(parser, '{')) {
                return null;
            }
            int count = components.length;
            Object[] arguments = new Object[count];
            boolean[] seen = new boolean[count];
            int expected = 0;
            if (!parser.objectEmpty()) {
                do {
                    int index;
                    if (expected < count && parser.skipKeyIf(shape.names[expected])) {
                        index = expected;
                    } else {
                        long span = parser.skipKeySpan();
                        if (span < 0) {
                            throw new Mismatch(); // an escaped member name: rare, JSON-B reads it
                        }
                        index = shape.find(parser, span, expected);
                    }
                    if (index < 0) {
                        parser.skipValue(); // unknown members are ignored, as JSON-B does by default
                    } else {
                        arguments[index] = components[index].read(parser);
                        seen[index] = true;
                        expected = index + 1;
                    }
                } while (parser.objectNext());
            }
            parser.leave();
            for (boolean present : seen) {
                if (!present) {
                    throw new Mismatch(); // JSON-B's rules for missing members apply
                }
            }
            try {
                return shape.constructor.newInstance(shape.constructorOrder(arguments));
            } catch (InvocationTargetException | InstantiationException | IllegalAccessException | RuntimeException e) {
                throw new Mismatch(); // the record refused the values: JSON-B reports it in its words
            }
        }
    }

}
