package dev.resultstore.impl.task;

import java.util.Optional;

/** The task whose body runs on this thread, set by the {@link TaskRunner} for {@code TaskContext}. */
public final class CurrentTask {

    /** Stores a custom state of the running task. */
    @FunctionalInterface
    public interface StateWriter {
        void update(String state, Object meta);
    }

    private record Running(String taskId, StateWriter writer) {
    }

    private static final ThreadLocal<Running> RUNNING = new ThreadLocal<>();

    private CurrentTask() {
    }

    public static Optional<String> taskId() {
        Running running = RUNNING.get();
        return running == null ? Optional.empty() : Optional.of(running.taskId());
    }

    /** Stores a custom state for the task running on this thread. */
    public static void updateState(String state, Object meta) {
        Running running = RUNNING.get();
        if (running == null) {
            throw new IllegalStateException("No @StoreResult task runs on this thread: TaskContext works inside the"
                    + " body of a @StoreResult method (or a task submitted through ResultBackend.submit)");
        }
        running.writer().update(state, meta);
    }

    /** Marks {@code taskId} as running on this thread; returns what to restore afterwards. */
    static Object enter(String taskId, StateWriter writer) {
        Running previous = RUNNING.get();
        RUNNING.set(new Running(taskId, writer));
        return previous;
    }

    static void leave(Object previous) {
        if (previous == null) {
            RUNNING.remove();
        } else {
            RUNNING.set((Running) previous);
        }
    }
}
