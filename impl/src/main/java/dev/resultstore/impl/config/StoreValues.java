package dev.resultstore.impl.config;

import dev.resultstore.impl.storage.RetryPolicy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The store's plain values, each converted once, with a problem per bad key. */
final class StoreValues {
    final String prefix;
    final Function<String, String> source;
    final List<String> problems;
    final String keyPrefix;
    final Duration expires;
    final Duration cleanupInterval;
    final int cleanupBatchSize;
    final String cleanupExecutor;
    final boolean extended;
    final Duration awaitPollInterval;
    final Duration shutdownGrace;
    final String nodeName;
    final long maxResultSize;
    final Duration orphansAfter;
    final boolean recovery;
    final byte[] encryptionKey;
    final List<byte[]> previousKeys;

    StoreValues(String prefix, Function<String, String> source, List<String> problems) {
        this.prefix = prefix;
        this.source = source;
        this.problems = problems;
        this.keyPrefix = keyPrefix();
        this.expires = duration(ConfigKeys.EXPIRES, ConfigKeys.DEFAULT_EXPIRES);
        this.cleanupInterval = duration(ConfigKeys.CLEANUP_INTERVAL, ConfigKeys.DEFAULT_CLEANUP_INTERVAL);
        this.cleanupBatchSize = positive(ConfigKeys.CLEANUP_BATCH_SIZE, ConfigKeys.DEFAULT_CLEANUP_BATCH_SIZE, 1);
        this.cleanupExecutor = string(ConfigKeys.CLEANUP_EXECUTOR, ConfigKeys.DEFAULT_CLEANUP_EXECUTOR);
        this.extended = bool(ConfigKeys.EXTENDED, ConfigKeys.DEFAULT_EXTENDED);
        this.awaitPollInterval = duration(ConfigKeys.AWAIT_POLL_INTERVAL, ConfigKeys.DEFAULT_AWAIT_POLL_INTERVAL);
        this.shutdownGrace = duration(ConfigKeys.SHUTDOWN_GRACE_PERIOD, ConfigKeys.DEFAULT_SHUTDOWN_GRACE_PERIOD);
        this.maxResultSize = size(ConfigKeys.MAX_RESULT_SIZE, ConfigKeys.DEFAULT_MAX_RESULT_SIZE);
        this.orphansAfter = duration(ConfigKeys.ORPHANS_AFTER, ConfigKeys.DEFAULT_ORPHANS_AFTER);
        this.recovery = bool(ConfigKeys.RECOVERY_ENABLED, ConfigKeys.DEFAULT_RECOVERY_ENABLED);
        String key = source.apply(ConfigKeys.ENCRYPTION_KEY);
        this.encryptionKey = key == null ? null : aesKey(ConfigKeys.ENCRYPTION_KEY, key.trim());
        List<byte[]> previous = new ArrayList<>();
        String previousValue = source.apply(ConfigKeys.ENCRYPTION_PREVIOUS_KEYS);
        if (previousValue != null) {
            for (String each : previousValue.split(",")) {
                if (!each.isBlank()) {
                    previous.add(aesKey(ConfigKeys.ENCRYPTION_PREVIOUS_KEYS, each.trim()));
                }
            }
            if (encryptionKey == null) {
                problems.add(prefix + ConfigKeys.ENCRYPTION_PREVIOUS_KEYS + ": is set without " + prefix
                        + ConfigKeys.ENCRYPTION_KEY + "; set the current key too");
            }
        }
        this.previousKeys = List.copyOf(previous);
        this.nodeName = string(ConfigKeys.NODE_NAME, defaultNodeName());
    }

    RetryPolicy retryPolicy(ClassLoader loader) {
        int maxRetries = positive(ConfigKeys.RETRY_MAX_RETRIES, ConfigKeys.DEFAULT_RETRY_MAX_RETRIES, 0);
        Duration backoff = duration(ConfigKeys.RETRY_BACKOFF, ConfigKeys.DEFAULT_RETRY_BACKOFF);
        Duration maxBackoff = duration(ConfigKeys.RETRY_MAX_BACKOFF, ConfigKeys.DEFAULT_RETRY_MAX_BACKOFF);
        Duration maxDuration = duration(ConfigKeys.RETRY_MAX_DURATION, ConfigKeys.DEFAULT_RETRY_MAX_DURATION);
        List<Class<? extends Throwable>> retryOn = new ArrayList<>();
        for (String className : string(ConfigKeys.RETRY_ON, ConfigKeys.DEFAULT_RETRY_ON).split("\\s*,\\s*")) {
            if (className.isBlank()) {
                continue;
            }
            try {
                Class<?> type = Class.forName(className.trim(), false, loader);
                if (Throwable.class.isAssignableFrom(type)) {
                    retryOn.add(type.asSubclass(Throwable.class));
                } else {
                    problems.add(prefix + ConfigKeys.RETRY_ON + ": " + className + " is not an exception class");
                }
            } catch (ClassNotFoundException | LinkageError e) {
                problems.add(prefix + ConfigKeys.RETRY_ON + ": exception class " + className + " was not found");
            }
        }
        return new RetryPolicy(maxRetries, retryOn, backoff, maxBackoff, maxDuration);
    }

    private String string(String key, String defaultValue) {
        String value = source.apply(key);
        return value == null ? defaultValue : value.trim();
    }

    private String keyPrefix() {
        String value = string(ConfigKeys.KEY_PREFIX, ConfigKeys.DEFAULT_KEY_PREFIX);
        for (char c : value.toCharArray()) {
            if (c == '/' || c == '\\' || c < 0x20) {
                problems.add(prefix + ConfigKeys.KEY_PREFIX + ": '" + value + "' must not contain '/', '\\' or control characters");
                break;
            }
        }
        return value;
    }

    // Never echoes the value: it is a secret.
    private byte[] aesKey(String key, String base64) {
        byte[] decoded;
        try {
            decoded = java.util.Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            problems.add(prefix + key + ": is not base64; give a 32-byte key in base64, e.g. from `openssl rand -base64 32`");
            return null;
        }
        if (decoded.length != 32) {
            problems.add(prefix + key + ": decodes to " + decoded.length + " bytes; an AES-256 key has 32"
                    + " (e.g. `openssl rand -base64 32`)");
            return null;
        }
        return decoded;
    }

    private long size(String key, String defaultValue) {
        String value = string(key, defaultValue);
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(\\d{1,15})\\s*(|B|KiB|MiB|GiB)").matcher(value);
        if (!matcher.matches()) {
            problems.add(prefix + key + ": '" + value + "' is not valid: expected a size in bytes, optionally with"
                    + " KiB, MiB or GiB (e.g. 64MiB), or 0 for no limit");
            return 0;
        }
        long unit = switch (matcher.group(2)) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> 1;
        };
        long bytes = Long.parseLong(matcher.group(1));
        if (bytes > Long.MAX_VALUE / unit || bytes * unit > Integer.MAX_VALUE - 8) {
            problems.add(prefix + key + ": '" + value + "' is too large: at most 2 GiB less a few bytes can be read");
            return 0;
        }
        return bytes * unit;
    }

    private Duration duration(String key, String defaultValue) {
        String value = string(key, defaultValue);
        try {
            return ValueConverter.parseDuration(value);
        } catch (IllegalArgumentException e) {
            problems.add(prefix + key + ": '" + value + "' is not valid: " + e.getMessage());
            return Duration.ZERO;
        }
    }

    private int positive(String key, String defaultValue, int minimum) {
        String value = string(key, defaultValue);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= minimum) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(prefix + key + ": '" + value + "' is not valid: expected a whole number of at least " + minimum);
        return minimum;
    }

    private boolean bool(String key, String defaultValue) {
        String value = string(key, defaultValue);
        try {
            return ValueConverter.parseBoolean(value);
        } catch (IllegalArgumentException e) {
            problems.add(prefix + key + ": '" + value + "' is not valid: " + e.getMessage());
            return false;
        }
    }

    private static String defaultNodeName() {
        String node = System.getProperty("jboss.node.name");
        if (node != null) {
            return node;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
