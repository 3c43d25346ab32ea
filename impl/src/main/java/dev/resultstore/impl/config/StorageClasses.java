package dev.resultstore.impl.config;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

import dev.resultstore.spi.Storage;
import dev.resultstore.spi.StorageLabels;

/**
 * Finds the {@link Storage} class that {@code resultstore.storage} names: a label declared by a
 * connector jar ({@value StorageLabels#RESOURCE}) or a class name, checked to be a concrete
 * storage, with a problem saying what to do when it is not.
 */
final class StorageClasses {

    private StorageClasses() {
    }

    /** The storage class a label or class name stands for, or {@code null} when there is none. */
    static Class<? extends Storage> resolve(String classOrLabel, ClassLoader loader) {
        return resolve("", classOrLabel, loader, new ArrayList<>());
    }

    static Class<? extends Storage> resolve(String storageKey, String classOrLabel, ClassLoader loader,
            List<String> problems) {
        Map<String, String> labels = labels(loader);
        String className = labels.get(classOrLabel);
        if (className == null) {
            if (!classOrLabel.contains(".")) {
                problems.add(storageKey + ": unknown storage '" + classOrLabel + "'; use one of the labels "
                        + String.join(", ", new TreeSet<>(labels.keySet()))
                        + " (declared by the connector jars on the class path) or the name of a class implementing "
                        + Storage.class.getName());
                return null;
            }
            className = classOrLabel;
        }
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            problems.add(storageKey + ": class " + className + " was not found; is its connector jar in the "
                    + "application (WEB-INF/lib) or on the class path?");
            return null;
        } catch (LinkageError e) {
            problems.add(MissingDependencies.describe(storageKey, className, e));
            return null;
        }
        if (!Storage.class.isAssignableFrom(type)) {
            problems.add(storageKey + ": " + className + " does not implement " + Storage.class.getName());
            return null;
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            problems.add(storageKey + ": " + className + " is abstract; name a concrete Storage class");
            return null;
        }
        @SuppressWarnings("unchecked")
        Class<? extends Storage> storageType = (Class<? extends Storage>) type;
        return storageType;
    }

    /** The labels declared by every {@value StorageLabels#RESOURCE} visible to {@code loader}. */
    static Map<String, String> labels(ClassLoader loader) {
        Map<String, String> labels = new LinkedHashMap<>();
        try {
            Enumeration<URL> resources = loader.getResources(StorageLabels.RESOURCE);
            while (resources.hasMoreElements()) {
                Properties properties = new Properties();
                try (InputStream in = resources.nextElement().openStream()) {
                    properties.load(in);
                }
                properties.forEach((label, type) -> labels.putIfAbsent(label.toString().trim(), type.toString().trim()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + StorageLabels.RESOURCE + ": " + e.getMessage(), e);
        }
        return labels;
    }
}
