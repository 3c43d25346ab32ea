package dev.resultstore.impl.config;

import java.util.List;

/**
 * Every configuration key, relative to a store's prefix ({@code resultstore.} for the default
 * store, {@code resultstore.<name>.} for a named one), with its default.
 */
public final class ConfigKeys {

    /** The root of every key. */
    public static final String ROOT = "resultstore.";

    /** A label ({@code filesystem}, {@code memory}, {@code azure-blob}…) or a {@code Storage} class name. */
    public static final String STORAGE = "storage";
    /** Parameters of the storage: {@code storage.config.<kebab-case parameter>}. */
    public static final String STORAGE_CONFIG = "storage.config.";
    public static final String KEY_PREFIX = "key-prefix";
    public static final String EXPIRES = "expires";
    public static final String CLEANUP_INTERVAL = "cleanup.interval";
    public static final String CLEANUP_BATCH_SIZE = "cleanup.batch-size";
    public static final String CLEANUP_EXECUTOR = "cleanup.executor";
    public static final String RETRY_MAX_RETRIES = "retry.max-retries";
    public static final String RETRY_ON = "retry.on";
    public static final String RETRY_BACKOFF = "retry.backoff";
    public static final String RETRY_MAX_BACKOFF = "retry.max-backoff";
    /** The total time one storage call may take with its retries; 0 for no limit. */
    public static final String RETRY_MAX_DURATION = "retry.max-duration";
    public static final String EXTENDED = "extended";
    public static final String AWAIT_POLL_INTERVAL = "await.poll-interval";
    public static final String NODE_NAME = "node-name";
    /** The largest document written or read, in bytes (suffixes KiB, MiB, GiB); 0 for no limit. */
    public static final String MAX_RESULT_SIZE = "max-result-size";
    /** A base64 AES-256 key: results are encrypted at rest (no longer Celery-readable). */
    public static final String ENCRYPTION_KEY = "encryption.key";
    /** Older base64 keys, comma-separated, still accepted for reading. */
    public static final String ENCRYPTION_PREVIOUS_KEYS = "encryption.previous-keys";
    /** Whether a starting node scans its stores for tasks its earlier, dead instance left unfinished. */
    public static final String RECOVERY_ENABLED = "recovery.enabled";
    /** Settle non-ready documents of any node unchanged for this long (a node that never came back); 0: off. */
    public static final String ORPHANS_AFTER = "orphans.after";
    /** How long closing a store waits for running tasks before storing them as cut short. */
    public static final String SHUTDOWN_GRACE_PERIOD = "shutdown.grace-period";

    public static final String DEFAULT_STORAGE = "filesystem";
    public static final String DEFAULT_KEY_PREFIX = "celery-task-meta-";
    public static final String DEFAULT_EXPIRES = "P1D";
    public static final String DEFAULT_CLEANUP_INTERVAL = "PT1H";
    public static final String DEFAULT_CLEANUP_BATCH_SIZE = "1000";
    public static final String DEFAULT_CLEANUP_EXECUTOR = "java:comp/DefaultManagedScheduledExecutorService";
    public static final String DEFAULT_RETRY_MAX_RETRIES = "3";
    public static final String DEFAULT_RETRY_ON = "java.io.IOException";
    public static final String DEFAULT_RETRY_BACKOFF = "PT0.1S";
    public static final String DEFAULT_RETRY_MAX_BACKOFF = "PT5S";
    public static final String DEFAULT_RETRY_MAX_DURATION = "0";
    public static final String DEFAULT_EXTENDED = "false";
    public static final String DEFAULT_AWAIT_POLL_INTERVAL = "PT1S";
    public static final String DEFAULT_SHUTDOWN_GRACE_PERIOD = "PT10S";
    public static final String DEFAULT_MAX_RESULT_SIZE = "64MiB";
    public static final String DEFAULT_ORPHANS_AFTER = "0";
    public static final String DEFAULT_RECOVERY_ENABLED = "true";

    /** The keys a store accepts besides {@code storage.config.*}. */
    public static final List<String> STORE_KEYS = List.of(STORAGE, KEY_PREFIX, EXPIRES, CLEANUP_INTERVAL,
            CLEANUP_BATCH_SIZE, CLEANUP_EXECUTOR, RETRY_MAX_RETRIES, RETRY_ON, RETRY_BACKOFF, RETRY_MAX_BACKOFF, RETRY_MAX_DURATION,
            EXTENDED, AWAIT_POLL_INTERVAL, NODE_NAME, SHUTDOWN_GRACE_PERIOD, MAX_RESULT_SIZE, ENCRYPTION_KEY, ENCRYPTION_PREVIOUS_KEYS,
            ORPHANS_AFTER, RECOVERY_ENABLED);

    private ConfigKeys() {
    }

    /** {@code resultstore.} for the default store, {@code resultstore.<name>.} for a named one. */
    public static String prefix(String storeName) {
        return storeName.isEmpty() ? ROOT : ROOT + storeName + ".";
    }

    /**
     * Namespaces of the optional modules (resultstore-health, -metrics, -dashboard): their keys,
     * such as {@code resultstore.dashboard.enabled}, are not the default store's.
     */
    public static final List<String> MODULE_NAMESPACES = List.of("health.", "metrics.", "dashboard.");

    /** Whether a key relative to {@code resultstore.} belongs to an optional module. */
    public static boolean isModuleKey(String relativeKey) {
        return MODULE_NAMESPACES.stream().anyMatch(relativeKey::startsWith);
    }

    /** Whether a relative key is one a store understands. */
    public static boolean isStoreKey(String relativeKey) {
        return STORE_KEYS.contains(relativeKey) || relativeKey.startsWith(STORAGE_CONFIG);
    }
}
