package dev.resultstore;

import java.time.Instant;

/**
 * A CDI event fired each time a state is stored, in the thread that stored it: observe it with
 * {@code @Observes TaskStateChanged} (synchronously) or {@code @ObservesAsync TaskStateChanged}
 * (on the container's executor), to react without polling — the Jakarta counterpart of Celery's
 * task signals. Not fired for writes that state precedence refused (a late STARTED after
 * SUCCESS). When nothing observes it, it is not even created.
 *
 * @param store     the store's name ({@code ""}: the default store)
 * @param taskId    the task's id
 * @param state     the state stored
 * @param timestamp when it was stored
 */
public record TaskStateChanged(String store, String taskId, TaskState state, Instant timestamp) {
}
