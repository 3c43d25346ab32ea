package dev.resultstore;

/** Thrown by {@link TaskResult#get()} when the task failed or was revoked. */
public class TaskFailedException extends ResultStoreException {
    private static final long serialVersionUID = 1L;

    private final String taskId;
    private final TaskState state;
    private final transient TaskFailure failure;

    public TaskFailedException(String taskId, TaskState state, TaskFailure failure) {
        super("Task " + taskId + " ended with " + state + (failure == null ? "" : ": " + failure));
        this.taskId = taskId;
        this.state = state;
        this.failure = failure;
    }

    public String taskId() {
        return taskId;
    }

    /** FAILURE or REVOKED. */
    public TaskState state() {
        return state;
    }

    /** The stored failure; {@code null} for a revoked task. */
    public TaskFailure failure() {
        return failure;
    }
}
