package dev.resultstore;

import java.util.Optional;

/**
 * The task running on this thread, for a {@link StoreResult} method that reports progress, as
 * Celery's {@code self.update_state(state='PROGRESS', meta={...})}:
 *
 * <pre>{@code
 * @Inject TaskContext task;
 *
 * @StoreResult
 * public Report render(ReportRequest request) {
 *     for (int page = 1; page <= pages; page++) {
 *         ...
 *         task.progress(Map.of("current", page, "total", pages));
 *     }
 * }
 * }</pre>
 *
 * The task is the one whose method body runs on the calling thread (for {@code @Asynchronous}
 * methods, the worker thread); code running later in another thread (a stage's callbacks) is
 * not inside it.
 */
public interface TaskContext {

    /** The id of the task running on this thread, if a {@link StoreResult} method runs here. */
    Optional<String> taskId();

    /**
     * Stores the custom state {@code PROGRESS} with {@code meta} (any JSON value: a Map, a record…).
     *
     * @throws IllegalStateException when no {@link StoreResult} method runs on this thread
     */
    default void progress(Object meta) {
        updateState(ResultBackend.PROGRESS, meta);
    }

    /**
     * Stores a custom state with its meta for the task running on this thread; see
     * {@link ResultBackend#updateState(String, String, Object)}.
     *
     * @throws IllegalStateException when no {@link StoreResult} method runs on this thread
     */
    void updateState(String state, Object meta);
}
