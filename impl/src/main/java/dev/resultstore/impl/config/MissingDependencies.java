package dev.resultstore.impl.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the {@link LinkageError} of a storage class that cannot be loaded (a connector jar
 * without its dependencies, a failing static initialiser) into a problem that says what to add.
 */
final class MissingDependencies {

    // Package prefix of a missing class -> the artifact that most likely brings it; most specific first.
    private static final Map<String, String> ARTIFACTS = new LinkedHashMap<>();

    static {
        ARTIFACTS.put("com.azure.identity.", "com.azure:azure-identity");
        ARTIFACTS.put("com.azure.", "com.azure:azure-storage-blob (with its dependencies, e.g. azure-core)");
        ARTIFACTS.put("software.amazon.awssdk.", "software.amazon.awssdk:s3 (the AWS SDK for S3, with its dependencies)");
        ARTIFACTS.put("com.google.cloud.storage.contrib.nio.", "com.google.cloud:google-cloud-nio");
        ARTIFACTS.put("com.google.cloud.", "com.google.cloud:google-cloud-storage (with its dependencies)");
        ARTIFACTS.put("com.google.common.jimfs.", "com.google.jimfs:jimfs");
        ARTIFACTS.put("com.google.", "com.google.cloud:google-cloud-storage (with its dependencies)");
        ARTIFACTS.put("org.apache.sshd.sftp.", "org.apache.sshd:sshd-sftp");
        ARTIFACTS.put("org.apache.sshd.", "org.apache.sshd:sshd-sftp and org.apache.sshd:sshd-core");
        ARTIFACTS.put("jakarta.json.bind.", "a JSON-B implementation such as org.eclipse:yasson");
        ARTIFACTS.put("jakarta.json.", "a JSON-P implementation such as org.eclipse.parsson:parsson");
        ARTIFACTS.put("org.eclipse.yasson.", "org.eclipse:yasson");
        ARTIFACTS.put("dev.resultstore.spi.", "dev.resultstore:resultstore-api");
    }

    private MissingDependencies() {
    }

    /** "key: class X cannot be loaded: it needs Y, which is missing; add Z" and the like. */
    static String describe(String storageKey, String storageClass, LinkageError error) {
        String start = storageKey + ": storage class " + storageClass;
        if (error instanceof ExceptionInInitializerError) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            return start + " failed to initialise (its static initialiser threw " + cause.getClass().getName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")";
        }
        String message = error.getMessage() == null ? "" : error.getMessage();
        if (error instanceof NoClassDefFoundError && message.startsWith("Could not initialize class ")) {
            return start + " cannot be used: class " + message.substring("Could not initialize class ".length())
                    + " failed to initialise earlier (see the first error about it in the log)";
        }
        if (error instanceof NoClassDefFoundError) {
            String missing = message.replace('/', '.');
            return start + " cannot be loaded: it needs class " + missing + ", which is not on the class path; add "
                    + artifact(missing) + " to the application (WEB-INF/lib) or to the class path";
        }
        return start + " cannot be loaded (" + error.getClass().getName() + (message.isEmpty() ? "" : ": " + message)
                + "); are the connector jar and its dependencies of matching versions?";
    }

    /** The artifact that most likely contains {@code className}. */
    static String artifact(String className) {
        for (Map.Entry<String, String> entry : ARTIFACTS.entrySet()) {
            if (className.startsWith(entry.getKey())) {
                return entry.getValue();
            }
        }
        return "the jar that contains it (a dependency of the storage's connector)";
    }
}
