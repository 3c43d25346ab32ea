package dev.resultstore.metrics;

/** The meters' names and the {@code store} tag, the same in Micrometer and MicroProfile Metrics. */
public final class MeterNames {

    /** Task states stored; tags store, state. */
    public static final String STORED = "resultstore.tasks.stored";
    /** Storage calls, retries and backoff included; tags store, operation, outcome (success, failure). */
    public static final String CALLS = "resultstore.storage.calls";
    /** Retries of storage calls; tags store, operation. */
    public static final String RETRIES = "resultstore.storage.retries";
    /** Storage calls that failed for good (retries ran out, or not safe to retry); tags store, operation. */
    public static final String FAILURES = "resultstore.storage.failures";
    /** Results deleted by cleanup; tag store. */
    public static final String CLEANUP_DELETED = "resultstore.cleanup.deleted";
    /** Results cleanup could not delete; tag store. */
    public static final String CLEANUP_FAILED = "resultstore.cleanup.failed";

    private MeterNames() {
    }

    /** The {@code store} tag: the store's name, {@code default} for the default store. */
    static String storeTag(String store) {
        return store.isEmpty() ? "default" : store;
    }

    /** The {@code outcome} tag of a storage call. */
    static String outcome(boolean succeeded) {
        return succeeded ? "success" : "failure";
    }
}
