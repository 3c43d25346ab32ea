package dev.resultstore.examples.reports;

import java.time.Instant;

import dev.resultstore.TaskFailure;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskState;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * What {@code GET /tasks/{id}} answers. JSON-B leaves out null fields: a running task has only
 * an id and a state.
 *
 * @param id        the task id
 * @param state     PENDING, RECEIVED, STARTED, SUCCESS, FAILURE…
 * @param result    the report, on SUCCESS
 * @param error     why it failed, on FAILURE
 * @param dateDone  when it finished
 */
@JsonbPropertyOrder({"id", "state", "result", "error", "dateDone"})
public record TaskView(String id, TaskState state, Report result, Error error, Instant dateDone) {

    /**
     * Why a task failed.
     *
     * @param type      the exception's class, e.g. {@code java.lang.IllegalArgumentException}
     * @param message   its message
     * @param traceback the stack trace, as stored
     */
    @JsonbPropertyOrder({"type", "message", "traceback"})
    public record Error(String type, String message, String traceback) {
    }

    static TaskView of(TaskResult<Report> task) {
        // Read the state once: a ready result never changes, so value and failure match it.
        TaskState state = task.state();
        if (!state.isReady()) {
            return new TaskView(task.taskId(), state, null, null, null);
        }
        Error error = task.failure().map(TaskView::error).orElse(null);
        return new TaskView(task.taskId(), state, task.value().orElse(null), error, task.dateDone().orElse(null));
    }

    private static Error error(TaskFailure failure) {
        return new Error(failure.qualifiedType(), failure.message(), failure.traceback());
    }
}
