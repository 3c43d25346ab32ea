package dev.resultstore.impl.codec;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
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

    private static final String JSONB_ANNOTATIONS = "jakarta.json.bind.annotation.";

    private static final ClassValue<Optional<Binding>> BY_CLASS = new ClassValue<>() {
        @Override
        protected Optional<Binding> computeValue(Class<?> type) {
            return Optional.ofNullable(create(type, new IdentityHashMap<>()));
        }
    };

    private static final ClassValue<Optional<RecordShape>> SHAPES = new ClassValue<>() {
        @Override
        protected Optional<RecordShape> computeValue(Class<?> type) {
            return Optional.ofNullable(RecordShape.of(type));
        }
    };

    /** Reads the next value; {@link Mismatch} when it is not of the expected shape. */
    abstract Object read(JsonParser parser);

    /** The direct reader for {@code type}, or {@code null} when JSON-B must read it. */
    static Binding of(Class<?> type) {
        return BY_CLASS.get(type).orElse(null);
    }

    /** The components of a record that default JSON-B would (de)serialize as is, or {@code null}. */
    static RecordShape shape(Class<?> type) {
        return SHAPES.get(type).orElse(null); // cached per class, for records and others alike: Class.isRecord is slow
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
        RecordShape shape = shape(type);
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

    /**
     * A public record without JSON-B annotations, its components in JSON-B's default order
     * (lexicographic by name), their UTF-8 names and accessors.
     */
    static final class RecordShape {
        final RecordComponent[] components;
        final byte[][] names;
        final String[] nameStrings;
        final Method[] accessors;
        final Constructor<?> constructor;
        private final int[] declared; // position in the constructor of each sorted component

        private RecordShape(RecordComponent[] sorted, Constructor<?> constructor, int[] declared) {
            this.components = sorted;
            this.constructor = constructor;
            this.declared = declared;
            this.names = new byte[sorted.length][];
            this.nameStrings = new String[sorted.length];
            this.accessors = new Method[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                nameStrings[i] = sorted[i].getName();
                names[i] = nameStrings[i].getBytes(StandardCharsets.UTF_8);
                accessors[i] = sorted[i].getAccessor();
            }
        }

        static RecordShape of(Class<?> type) {
            if (!type.isRecord() || !isPublic(type) || hasJsonbAnnotation(type)) {
                return null;
            }
            RecordComponent[] declared = type.getRecordComponents();
            Class<?>[] parameterTypes = new Class<?>[declared.length];
            for (int i = 0; i < declared.length; i++) {
                RecordComponent component = declared[i];
                if (hasJsonbAnnotation(component) || hasJsonbAnnotation(component.getAccessor())
                        || !Modifier.isPublic(component.getAccessor().getModifiers())) {
                    return null;
                }
                try {
                    if (hasJsonbAnnotation(type.getDeclaredField(component.getName()))) {
                        return null;
                    }
                } catch (NoSuchFieldException e) {
                    return null;
                }
                parameterTypes[i] = component.getType();
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (hasJsonbAnnotation(constructor)) {
                    return null; // a @JsonbCreator
                }
            }
            for (Method method : type.getDeclaredMethods()) {
                if (hasJsonbAnnotation(method)) {
                    return null;
                }
            }
            Constructor<?> canonical;
            try {
                canonical = type.getDeclaredConstructor(parameterTypes);
            } catch (NoSuchMethodException e) {
                return null;
            }
            if (!Modifier.isPublic(canonical.getModifiers()) || Arrays.stream(canonical.getParameters()).anyMatch(Binding::hasJsonbAnnotation)) {
                return null;
            }
            RecordComponent[] sorted = declared.clone();
            Arrays.sort(sorted, Comparator.comparing(RecordComponent::getName));
            int[] positions = new int[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                positions[i] = Arrays.asList(declared).indexOf(sorted[i]);
            }
            return new RecordShape(sorted, canonical, positions);
        }

        /** The component named by the key span, looked for first where the previous one left off. */
        int find(JsonParser parser, long span, int hint) {
            int count = names.length;
            for (int i = 0; i < count; i++) {
                int index = hint + i < count ? hint + i : hint + i - count;
                if (parser.spanEquals(span, names[index])) {
                    return index;
                }
            }
            return -1;
        }

        Object[] constructorOrder(Object[] sortedValues) {
            Object[] arguments = new Object[sortedValues.length];
            for (int i = 0; i < sortedValues.length; i++) {
                arguments[declared[i]] = sortedValues[i];
            }
            return arguments;
        }

        Object value(Object record, int index) {
            try {
                return accessors[index].invoke(record);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
            }
        }
    }

    private static boolean isPublic(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return type.getModule().isExported(type.getPackageName());
    }

    private static boolean hasJsonbAnnotation(AnnotatedElement element) {
        for (Annotation annotation : element.getAnnotations()) {
            if (annotation.annotationType().getName().startsWith(JSONB_ANNOTATIONS)) {
                return true;
            }
        }
        return false;
    }
}
