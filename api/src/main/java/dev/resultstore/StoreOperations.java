package dev.resultstore;

import java.util.stream.Stream;

/**
 * Operations on a whole store, for tools and operators (the CLI, dashboards, health checks):
 * listing what is stored and cleaning up with progress. Every call goes through the same retries
 * as the rest of the backend. Obtain it with {@link ResultBackend#operations()}.
 */
public interface StoreOperations {

    /** Where the store keeps its results, e.g. {@code "store 'default' (filesystem): the directory /srv/results"}; never a secret. */
    String description();

    /**
     * The stored tasks that match {@code filter}, read lazily as the stream is consumed (a store
     * with a million results is never loaded whole). The order is the storage's. A document that
     * cannot be read is listed with state {@code null} rather than stopping the listing. The caller
     * closes the stream.
     *
     * @throws StorageException when the storage cannot be listed after retries
     */
    Stream<TaskSummary> list(TaskFilter filter);

    /**
     * Deletes the results older than {@code resultstore.expires}, telling {@code listener} how
     * far it got after each batch; returns how many were deleted. Errors on single deletes are
     * logged and counted, not fatal.
     */
    int cleanup(CleanupListener listener);

    /** Progress of {@link #cleanup(CleanupListener)}, after each batch. */
    @FunctionalInterface
    interface CleanupListener {

        /** Reports nothing. */
        CleanupListener NONE = (scanned, deleted, failed) -> { };

        /**
         * @param scanned results looked at so far
         * @param deleted deleted so far
         * @param failed  could not be deleted so far
         */
        void progress(long scanned, int deleted, int failed);
    }
}
