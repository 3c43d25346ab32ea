package dev.resultstore;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A live handle on one task's result, like Celery's {@code AsyncResult}: every query reads the
 * store, until the task is ready (a ready result no longer changes, so it is kept).
 *
 * @param <T> the type the result value is read as
 */
public interface TaskResult<T> {

    /** The task's id. */
    String taskId();

    /** The current state; PENDING when nothing is stored. */
    TaskState state();

    /**
     * The state's name as stored: the name of a custom state (such as {@code PROGRESS}, which
     * {@link #state()} reads as STARTED), else the name of {@link #state()}.
     */
    String stateName();

    /**
     * The meta stored with a custom state ({@link ResultBackend#updateState}, Celery's
     * {@code update_state(meta=...)}) as plain Java (Map, List, String, numbers); empty for
     * built-in states.
     */
    Optional<Object> meta();

    /** Whether anything is stored for the task. */
    boolean exists();

    /** Whether the task has finished (SUCCESS, FAILURE or REVOKED). */
    default boolean ready() {
        return state().isReady();
    }

    /** Whether the task finished with SUCCESS. */
    default boolean successful() {
        return state() == TaskState.SUCCESS;
    }

    /** Whether the task finished with FAILURE. */
    default boolean failed() {
        return state() == TaskState.FAILURE;
    }

    /**
     * Waits until the task is ready and returns its value.
     *
     * @throws TaskFailedException when the task failed or was revoked
     */
    T get();

    /**
     * Waits at most {@code timeout} until the task is ready and returns its value.
     *
     * @throws TaskFailedException  when the task failed or was revoked
     * @throws TaskTimeoutException when the task is not ready in time
     */
    T get(Duration timeout);

    /** The stored value of a SUCCESS (empty otherwise, or when the value is {@code null}). */
    Optional<T> value();

    /** Why the task failed, on FAILURE. */
    Optional<TaskFailure> failure();

    /** When the task became ready. */
    Optional<Instant> dateDone();

    /** Deletes the stored result; see {@link ResultBackend#forget(String)}. */
    boolean forget();

    /**
     * Revokes the task, like Celery's {@code AsyncResult.revoke()}: cancels it if this backend
     * submitted it and it has not finished, and stores REVOKED unless it is already ready.
     *
     * @return whether the task is now REVOKED
     */
    boolean revoke();

    /**
     * A stage completed with the value when the task succeeds, or exceptionally with
     * {@link TaskFailedException} when it fails or is revoked.
     */
    CompletionStage<T> toCompletionStage();
}
