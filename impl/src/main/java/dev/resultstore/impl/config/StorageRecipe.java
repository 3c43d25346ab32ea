package dev.resultstore.impl.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.resultstore.spi.Storage;

/**
 * How to build one configured {@link Storage}: the class, and the constructor or setters with
 * their converted arguments. Everything that can be wrong is found while planning, so that a
 * deployment reports every bad key at once; {@link #create()} then only instantiates.
 */
final class StorageRecipe {

    private final String label;
    private final Class<? extends Storage> type;
    private final Constructor<? extends Storage> constructor;
    private final Object[] constructorArguments;
    private final Map<Method, Object> setters;

    private StorageRecipe(String label, Class<? extends Storage> type, Constructor<? extends Storage> constructor,
            Object[] constructorArguments, Map<Method, Object> setters) {
        this.label = label;
        this.type = type;
        this.constructor = constructor;
        this.constructorArguments = constructorArguments;
        this.setters = setters;
    }

    /** The label or class name the storage was configured with. */
    String label() {
        return label;
    }

    Class<? extends Storage> type() {
        return type;
    }

    /**
     * Instantiates, configures and starts the storage; closes it when a setter or {@code start()}
     * fails. Throws what the storage threw (not an {@link InvocationTargetException}), or the
     * {@link LinkageError} of a class that cannot be loaded or initialised.
     */
    Storage create() throws Exception {
        Storage storage = invoke(() -> constructor.newInstance(constructorArguments));
        try {
            for (Map.Entry<Method, Object> setter : setters.entrySet()) {
                invoke(() -> setter.getKey().invoke(storage, setter.getValue()));
            }
            storage.start();
            return storage;
        } catch (Exception | LinkageError e) {
            closeQuietly(storage, e);
            throw e;
        }
    }

    private interface Reflective<T> {
        T call() throws ReflectiveOperationException;
    }

    // Unwraps the connector's own exception (e.g. IllegalArgumentException naming a parameter).
    private static <T> T invoke(Reflective<T> call) throws Exception {
        try {
            return call.call();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        }
    }

    private static void closeQuietly(Storage storage, Throwable failure) {
        try {
            storage.close();
        } catch (Exception | LinkageError e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Plans the storage named by {@code storageKey}'s value, with the parameters under
     * {@code configPrefix} (keyed by their name as given after it). Problems are added to
     * {@code problems}, each naming the key as it was given; returns {@code null} when there are any.
     */
    static StorageRecipe plan(String storageKey, String classOrLabel, String configPrefix,
            Map<String, String> parameters, ClassLoader loader, List<String> problems) {
        Class<? extends Storage> type = StorageClasses.resolve(storageKey, classOrLabel, loader, problems);
        if (type == null) {
            return null;
        }
        try {
            return plan(storageKey, classOrLabel, type, configPrefix, parameters, problems);
        } catch (LinkageError e) {
            problems.add(MissingDependencies.describe(storageKey, type.getName(), e));
            return null;
        }
    }

    private static StorageRecipe plan(String storageKey, String classOrLabel, Class<? extends Storage> type,
            String configPrefix, Map<String, String> parameters, List<String> problems) {
        int before = problems.size();
        // camelCase name -> value, and -> the key as given, so that messages name what the user wrote.
        Map<String, String> byName = new LinkedHashMap<>();
        Map<String, String> givenKeys = new LinkedHashMap<>();
        // "environment.password" goes into the map given to setEnvironment(Map), when the storage has one.
        Map<String, Method> mapSetters = mapSetters(type);
        Map<Method, Map<String, String>> groups = new LinkedHashMap<>();
        parameters.forEach((given, value) -> {
            int dot = given.indexOf('.');
            Method mapSetter = dot > 0 ? mapSetters.get(camelCase(given.substring(0, dot))) : null;
            if (mapSetter != null) {
                groups.computeIfAbsent(mapSetter, m -> new LinkedHashMap<>()).put(given.substring(dot + 1), value);
                return;
            }
            String name = camelCase(given);
            String previous = givenKeys.putIfAbsent(name, configPrefix + given);
            if (previous != null) {
                problems.add(configPrefix + given + ": names the same parameter as " + previous + "; keep one of them");
            } else {
                byName.put(name, value);
            }
        });
        if (problems.size() > before) {
            return null;
        }

        List<Constructor<?>> constructors = new ArrayList<>();
        Constructor<?> noArg = null;
        for (Constructor<?> candidate : type.getConstructors()) {
            constructors.add(candidate);
            if (candidate.getParameterCount() == 0) {
                noArg = candidate;
            }
        }
        for (Constructor<?> candidate : constructors) {
            if (groups.isEmpty() && candidate.getParameterCount() > 0 && names(candidate).equals(new TreeSet<>(byName.keySet()))) {
                return withConstructor(classOrLabel, type, candidate, byName, givenKeys, problems);
            }
        }
        Map<String, Method> setters = setters(type);
        mapSetters.forEach((name, setter) -> setters.put(name + ".<name>", setter));
        if (noArg != null) {
            Map<Method, Object> applied = new LinkedHashMap<>(groups);
            for (Map.Entry<String, String> parameter : byName.entrySet()) {
                String key = givenKeys.get(parameter.getKey());
                Method setter = setters.get(parameter.getKey());
                if (setter == null) {
                    problems.add(key + ": unknown parameter of " + type.getName() + "; valid parameters are "
                            + validParameters(constructors, setters, configPrefix));
                } else {
                    Object value = convert(key, parameter.getValue(), setter.getParameterTypes()[0], problems);
                    applied.put(setter, value);
                }
            }
            return problems.size() == before
                    ? new StorageRecipe(classOrLabel, type, cast(type, noArg), new Object[0], applied) : null;
        }
        // No no-arg constructor: say which constructor parameters are missing or unknown.
        TreeSet<String> known = new TreeSet<>();
        constructors.forEach(c -> known.addAll(names(c)));
        for (String given : byName.keySet()) {
            if (!known.contains(given)) {
                problems.add(givenKeys.get(given) + ": unknown parameter of " + type.getName()
                        + "; valid parameters are " + validParameters(constructors, setters, configPrefix));
            }
        }
        Constructor<?> closest = null;
        for (Constructor<?> candidate : constructors) {
            if (names(candidate).containsAll(byName.keySet())
                    && (closest == null || candidate.getParameterCount() < closest.getParameterCount())) {
                closest = candidate;
            }
        }
        if (closest != null) {
            for (String required : names(closest)) {
                if (!byName.containsKey(required)) {
                    problems.add(configPrefix + kebabCase(required) + ": missing parameter, required by "
                            + type.getSimpleName() + constructorSignature(closest));
                }
            }
        } else if (constructors.isEmpty()) {
            problems.add(storageKey + ": " + type.getName() + " has no public constructor");
        }
        return null;
    }

    private static StorageRecipe withConstructor(String label, Class<? extends Storage> type, Constructor<?> constructor,
            Map<String, String> byName, Map<String, String> givenKeys, List<String> problems) {
        int before = problems.size();
        Parameter[] parameters = constructor.getParameters();
        Object[] arguments = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            String name = parameters[i].getName();
            arguments[i] = convert(givenKeys.get(name), byName.get(name), parameters[i].getType(), problems);
        }
        return problems.size() == before
                ? new StorageRecipe(label, type, cast(type, constructor), arguments, Collections.emptyMap()) : null;
    }

    private static Object convert(String key, String value, Class<?> target, List<String> problems) {
        try {
            return ValueConverter.convert(value, target);
        } catch (IllegalArgumentException e) {
            String parameter = key.substring(key.lastIndexOf('.') + 1);
            problems.add(key + ": " + (value.isBlank() ? "(empty)" : Secrets.show(parameter, value)) + " is not valid: "
                    + e.getMessage());
            return null;
        }
    }

    /**
     * The kebab-case names of the parameters {@code type} accepts (constructor parameters and
     * setters), e.g. to match environment variables to them; empty when it cannot be loaded.
     */
    static Set<String> parameterNames(Class<?> type) {
        Set<String> names = new TreeSet<>();
        try {
            for (Constructor<?> constructor : type.getConstructors()) {
                names(constructor).forEach(name -> names.add(kebabCase(name)));
            }
            setters(type).keySet().forEach(name -> names.add(kebabCase(name)));
        } catch (LinkageError e) {
            // reported when the store is parsed
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Constructor<? extends Storage> cast(Class<? extends Storage> type, Constructor<?> constructor) {
        return (Constructor<? extends Storage>) constructor;
    }

    private static Map<String, Method> setters(Class<?> type) {
        Map<String, Method> setters = new LinkedHashMap<>();
        for (Method method : type.getMethods()) {
            String name = method.getName();
            if (name.length() > 3 && name.startsWith("set") && method.getParameterCount() == 1
                    && !Modifier.isStatic(method.getModifiers()) && ValueConverter.supports(method.getParameterTypes()[0])) {
                setters.put(Character.toLowerCase(name.charAt(3)) + name.substring(4), method);
            }
        }
        return setters;
    }

    private static Map<String, Method> mapSetters(Class<?> type) {
        Map<String, Method> setters = new LinkedHashMap<>();
        for (Method method : type.getMethods()) {
            String name = method.getName();
            if (name.length() > 3 && name.startsWith("set") && method.getParameterCount() == 1
                    && !Modifier.isStatic(method.getModifiers()) && method.getParameterTypes()[0] == Map.class) {
                setters.put(Character.toLowerCase(name.charAt(3)) + name.substring(4), method);
            }
        }
        return setters;
    }

    private static TreeSet<String> names(Constructor<?> constructor) {
        TreeSet<String> names = new TreeSet<>();
        for (Parameter parameter : constructor.getParameters()) {
            names.add(parameter.getName());
        }
        return names;
    }

    private static String validParameters(List<Constructor<?>> constructors, Map<String, Method> setters,
            String configPrefix) {
        TreeSet<String> valid = new TreeSet<>();
        constructors.forEach(c -> names(c).forEach(n -> valid.add(configPrefix + kebabCase(n))));
        setters.keySet().forEach(n -> valid.add(configPrefix + kebabCase(n)));
        return valid.isEmpty() ? "(none)" : String.join(", ", valid);
    }

    private static String constructorSignature(Constructor<?> constructor) {
        StringBuilder signature = new StringBuilder("(");
        for (Parameter parameter : constructor.getParameters()) {
            signature.append(signature.length() > 1 ? ", " : "").append(kebabCase(parameter.getName()));
        }
        return signature.append(')').toString();
    }

    /** {@code connection-string} ↦ {@code connectionString}. */
    static String camelCase(String kebab) {
        StringBuilder camel = new StringBuilder(kebab.length());
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-' || c == '_') {
                upper = camel.length() > 0;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }

    /** {@code connectionString} ↦ {@code connection-string}. */
    static String kebabCase(String camel) {
        StringBuilder kebab = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                kebab.append('-').append(Character.toLowerCase(c));
            } else {
                kebab.append(c);
            }
        }
        return kebab.toString().toLowerCase(Locale.ROOT);
    }
}
