package dev.resultstore;

import java.time.Duration;

/** Thrown by {@link TaskResult#get(Duration)} when the task is not ready in time. */
public class TaskTimeoutException extends ResultStoreException {
    private static final long serialVersionUID = 1L;

    private final String taskId;

    public TaskTimeoutException(String taskId, Duration timeout, TaskState lastState) {
        super("Task " + taskId + " was not ready after " + timeout + " (last state: " + lastState + ")");
        this.taskId = taskId;
    }

    public String taskId() {
        return taskId;
    }
}
