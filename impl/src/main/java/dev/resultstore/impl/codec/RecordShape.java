package dev.resultstore.impl.codec;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * A public record without JSON-B annotations, its components in JSON-B's default order
 * (lexicographic by name), their UTF-8 names and accessors.
 */
final class RecordShape {

    private static final String JSONB_ANNOTATIONS = "jakarta.json.bind.annotation.";

    private static final ClassValue<Optional<RecordShape>> SHAPES = new ClassValue<>() {
        @Override
        protected Optional<RecordShape> computeValue(Class<?> type) {
            return Optional.ofNullable(create(type));
        }
    };

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

    /** The components of a record that default JSON-B would (de)serialize as is, or {@code null}; cached per class. */
    static RecordShape of(Class<?> type) {
        return SHAPES.get(type).orElse(null); // for records and others alike: Class.isRecord is slow
    }

    private static RecordShape create(Class<?> type) {
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
        if (!Modifier.isPublic(canonical.getModifiers()) || Arrays.stream(canonical.getParameters()).anyMatch(RecordShape::hasJsonbAnnotation)) {
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
