package dev.resultstore.impl.cdi;

import java.util.Optional;

import dev.resultstore.TaskContext;
import dev.resultstore.impl.task.CurrentTask;
import jakarta.enterprise.context.ApplicationScoped;

/** The injectable {@link TaskContext}: the task whose body runs on the calling thread. */
@ApplicationScoped
public class DefaultTaskContext implements TaskContext {

    @Override
    public Optional<String> taskId() {
        return CurrentTask.taskId();
    }

    @Override
    public void updateState(String state, Object meta) {
        CurrentTask.updateState(state, meta);
    }
}
