package dev.resultstore;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * A result store: where task states and results are written and read.
 *
 * <p>Inject it with {@code @Inject @ResultStore ResultBackend results;} or create one without a
 * container with {@link ResultStores#create(java.util.Map)}. Thread-safe. Every method validates
 * the task id first (1–255 characters of {@code [A-Za-z0-9._:@-]}, not {@code .} or {@code ..})
 * and throws {@link IllegalArgumentException} before touching storage. Storage failures that
 * outlast the configured retries throw {@link StorageException}.
 */
public interface ResultBackend extends AutoCloseable {

    /** The custom state Celery tasks use for progress, and {@link TaskContext#progress} stores. */
    String PROGRESS = "PROGRESS";

    /** The store's name: empty for the default store. */
    String name();

    /** A live handle on the task's result; never {@code null}. An unknown id is PENDING. */
    TaskResult<Object> result(String taskId);

    /**
     * A live handle whose value is read as {@code type} (a JSON-B mapped class, a record,
     * {@code String}, {@code Map}…).
     */
    <T> TaskResult<T> result(String taskId, Class<T> type);

    /** Stores STARTED, unless the task is already ready. */
    void markStarted(String taskId);

    /**
     * Stores SUCCESS with {@code value} (any JSON-B serializable object, or {@code null}). A value
     * that cannot be serialized is stored as a FAILURE that says why, and
     * {@link ResultSerializationException} is thrown.
     */
    void storeSuccess(String taskId, Object value);

    /** Stores FAILURE with the exception's type, message and stack trace. */
    void storeFailure(String taskId, Throwable error);

    /**
     * Stores a state without a result. A non-ready state never replaces a ready one, and REVOKED
     * never replaces SUCCESS or FAILURE (a finished task cannot be revoked): the call is then
     * ignored.
     */
    void storeState(String taskId, TaskState state);

    /**
     * Stores a custom state with its meta, as Celery's {@code update_state(state=..., meta=...)}:
     * the document's status is {@code state} and its result is {@code meta}. A custom state is
     * not ready (read as STARTED by {@link TaskResult#state()}, by name with
     * {@link TaskResult#stateName()}), so it never replaces SUCCESS, FAILURE or REVOKED.
     *
     * @param state 1–64 characters, letters, digits and {@code _}, not SUCCESS, FAILURE or REVOKED
     * @throws IllegalArgumentException for a bad state name
     */
    void updateState(String taskId, String state, Object meta);

    /** Deletes the task's result. Idempotent: {@code false} when there was nothing to delete. */
    boolean forget(String taskId);

    /** Deletes this store's results older than {@code resultstore.expires}; returns how many. */
    int cleanup();

    /** Listing and cleanup with progress, for tools and operators. */
    StoreOperations operations();

    /** Runs {@code task} on {@code executor} under a generated id; see {@link #submit(String, ExecutorService, Callable)}. */
    <T> TaskResult<T> submit(ExecutorService executor, Callable<T> task);

    /**
     * Runs {@code task} on {@code executor} and stores its states as it runs: RECEIVED when
     * submitted, STARTED when it starts, SUCCESS or FAILURE when it ends, REVOKED when it is
     * cancelled or aborted. With a {@code ManagedExecutorService} the task is a
     * {@code ManagedTask} with a {@code ManagedTaskListener}. Returns at once.
     *
     * @param taskId the id, or {@code null} to generate one
     */
    <T> TaskResult<T> submit(String taskId, ExecutorService executor, Callable<T> task);

    /** Releases the storage. The container calls it at shutdown for injected stores. */
    @Override
    void close();
}
