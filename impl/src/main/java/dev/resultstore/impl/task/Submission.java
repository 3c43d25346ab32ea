package dev.resultstore.impl.task;

import dev.resultstore.impl.codec.TaskMetadata;
import dev.resultstore.impl.store.DefaultResultBackend;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.resultstore.ResultSerializationException;
import dev.resultstore.TaskState;

/**
 * A task submitted through {@link DefaultResultBackend#submit}: stores STARTED when it starts,
 * SUCCESS or FAILURE when it ends, and nothing more once it has been revoked.
 */
public final class Submission<T> implements Callable<T> {

    private static final Logger LOG = Logger.getLogger(Submission.class.getName());

    private final DefaultResultBackend backend;
    private final String taskId;
    private final Callable<T> task;
    private final TaskMetadata metadata;
    private volatile Future<T> future;
    private volatile boolean started;
    private volatile TaskMetadata running;
    private volatile boolean revoked;
    private volatile boolean succeeded;
    private volatile T value;

    public Submission(DefaultResultBackend backend, String taskId, Callable<T> task, TaskMetadata metadata) {
        this.backend = backend;
        this.taskId = taskId;
        this.task = task;
        this.metadata = metadata;
    }

    String taskId() {
        return taskId;
    }

    Callable<T> task() {
        return task;
    }

    /** Whether the task returned here and its value was stored as SUCCESS. */
    public boolean succeeded() {
        return succeeded;
    }

    public T value() {
        return value;
    }

    public void start(ExecutorService executor) {
        Callable<T> callable = ManagedTasks.available() && ManagedTasks.isManaged(executor)
                ? ManagedTasks.wrap(this) : this;
        future = executor.submit(callable);
    }

    /** Called when the task is about to run (by the managed listener, or by {@link #call()}). */
    void starting() {
        if (!started && !revoked) {
            started = true;
            running = metadata == null ? null : metadata.startedAt(backend.clock().instant());
            backend.storeState(taskId, TaskState.STARTED, running);
        }
    }

    /** Called when a managed executor aborts the task (cancelled, or rejected after submission). */
    void aborted() {
        revoked = true;
        backend.finished(taskId);
        backend.storeState(taskId, TaskState.REVOKED, metadata);
    }

    public void cancel() {
        revoked = true;
        Future<T> running = future;
        if (running != null) {
            running.cancel(true);
        }
    }

    @Override
    public T call() throws Exception {
        if (revoked) {
            return null;
        }
        starting();
        TaskMetadata done = running;
        try {
            T value = task.call();
            if (!revoked) {
                this.value = value;
                this.succeeded = true;
                try {
                    backend.storeSuccess(taskId, value, done);
                } catch (ResultSerializationException e) {
                    LOG.log(Level.WARNING, e.getMessage());
                }
            }
            return value;
        } catch (Exception | Error e) {
            if (!revoked) {
                backend.storeFailure(taskId, e, done);
            }
            throw e;
        } finally {
            backend.finished(taskId);
        }
    }
}
