package dev.resultstore;

/**
 * A task's state, with Celery's names so that Python and Java read the same documents.
 * {@link #SUCCESS}, {@link #FAILURE} and {@link #REVOKED} are ready states: once stored, a
 * non-ready state never replaces them.
 */
public enum TaskState {
    /** Nothing is known about the task yet (also the state of an unknown id). */
    PENDING,
    /** The task was handed to an executor. */
    RECEIVED,
    /** The task has started running. */
    STARTED,
    /** The task failed and will be retried. */
    RETRY,
    /** The task returned a value. */
    SUCCESS,
    /** The task threw an exception. */
    FAILURE,
    /** The task was cancelled or aborted before it finished. */
    REVOKED;

    /** Whether the task has finished: SUCCESS, FAILURE or REVOKED. */
    public boolean isReady() {
        return this == SUCCESS || this == FAILURE || this == REVOKED;
    }
}
