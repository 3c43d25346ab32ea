package dev.resultstore.impl.task;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import dev.resultstore.StorageException;
import dev.resultstore.TaskState;
import dev.resultstore.impl.codec.TaskMetadata;
import dev.resultstore.impl.store.Results;

/**
 * A task submitted through {@code ResultBackend.submit}: runs through the {@link TaskRunner} on
 * the executor, stores REVOKED when the executor aborts it, and nothing more once it has been
 * revoked. Its value is kept for the local handle, which then need not read it back as JSON.
 */
public final class Submission<T> implements Callable<T> {

    /** Told when the submission is over, however it ended. */
    public interface Listener {
        void finished(String taskId);
    }

    private final Results results;
    private final TaskRunner runner;
    private final String taskId;
    private final Callable<T> task;
    private final TaskMetadata metadata;
    private final Listener listener;
    private final InFlight inFlight;
    private volatile Future<T> future;
    private volatile boolean revoked;
    private volatile boolean succeeded;
    private volatile T value;
    private volatile StorageException lost;

    public Submission(Results results, TaskRunner runner, InFlight inFlight, String taskId, Callable<T> task,
            TaskMetadata metadata, Listener listener) {
        this.inFlight = inFlight;
        this.results = results;
        this.runner = runner;
        this.taskId = taskId;
        this.task = task;
        this.metadata = metadata;
        this.listener = listener;
    }

    public String taskId() {
        return taskId;
    }

    /** Whether the task returned here and its value was stored as SUCCESS. */
    public boolean succeeded() {
        return succeeded;
    }

    public T value() {
        return value;
    }

    /** The failure to store this task's outcome, if the store was unreachable when it ended. */
    public StorageException storageFailure() {
        return lost;
    }

    /** Stores RECEIVED, then hands the task to {@code executor} (as a {@code ManagedTask} where it is managed). */
    public void start(ExecutorService executor) {
        results.storeState(taskId, TaskState.RECEIVED, metadata);
        inFlight.queued(taskId);
        Callable<T> callable = ManagedTasks.available() && ManagedTasks.isManaged(executor)
                ? ManagedTasks.wrap(this) : this;
        future = executor.submit(callable);
    }

    /** Called when a managed executor aborts the task (cancelled, or rejected after submission). */
    void aborted() {
        revoked = true;
        listener.finished(taskId);
        inFlight.done(taskId);
        results.storeState(taskId, TaskState.REVOKED, metadata);
    }

    /** Stops the task: it is interrupted if running, and stores nothing more. */
    public void cancel() {
        revoked = true;
        inFlight.done(taskId);
        Future<T> running = future;
        if (running != null) {
            running.cancel(true);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T call() throws Exception {
        if (revoked) {
            inFlight.done(taskId);
            return null;
        }
        try {
            return (T) runner.run(taskId, metadata, false, () -> revoked, () -> {
                T returned = task.call();
                // Set before SUCCESS is stored: a local waiter woken by it takes the object itself.
                value = returned;
                succeeded = !revoked;
                return returned;
            });
        } catch (StorageException e) {
            lost = e;
            throw e;
        } finally {
            listener.finished(taskId);
        }
    }
}
