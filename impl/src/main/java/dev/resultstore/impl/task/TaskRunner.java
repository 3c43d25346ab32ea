package dev.resultstore.impl.task;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.resultstore.ResultSerializationException;
import dev.resultstore.TaskState;
import dev.resultstore.impl.codec.TaskMetadata;
import dev.resultstore.impl.store.Results;

/**
 * The task lifecycle, the one place it is written, for {@code @StoreResult} methods and for
 * submitted tasks alike: STARTED, then the task, then SUCCESS with its value or FAILURE with its
 * exception; a returned {@code CompletionStage} is stored when it completes.
 *
 * <p>Policy for storage failures (the store is unreachable after retries): they are never lost.
 * When a caller waits for the call (a synchronous method), the caller gets the
 * {@link dev.resultstore.StorageException}; on FAILURE it is added as suppressed to the task's own
 * exception, which is thrown unchanged. When nobody waits (a worker thread, a stage that
 * completes later) it is logged at WARNING with the task id and the store, and still thrown, so
 * that the executor's future or the returned stage fails with it. A value that cannot be
 * serialized is stored as a FAILURE saying why; the caller still gets the value.
 */
public final class TaskRunner {

    private static final Logger LOG = Logger.getLogger(TaskRunner.class.getName());
    private static final BooleanSupplier NOT_REVOKED = () -> false;

    private final Results results;
    private final InFlight inFlight;
    private final String store;

    /**
     * @param inFlight the backend's queued and running tasks, settled at shutdown
     * @param store    the store, for messages, e.g. "store 'default' (filesystem)"
     */
    public TaskRunner(Results results, InFlight inFlight, String store) {
        this.results = results;
        this.inFlight = inFlight;
        this.store = store;
    }

    /** Runs an intercepted method; {@code callerWaits} when it runs on the caller's thread. */
    public Object run(String taskId, TaskMetadata metadata, boolean callerWaits, Callable<?> body) throws Exception {
        return run(taskId, metadata, callerWaits, NOT_REVOKED, body);
    }

    /**
     * Runs {@code body} as task {@code taskId}. Once {@code revoked} says so, nothing more is
     * stored: REVOKED, stored by whoever revoked the task, stays.
     */
    public Object run(String taskId, TaskMetadata metadata, boolean callerWaits, BooleanSupplier revoked,
            Callable<?> body) throws Exception {
        if (!inFlight.running(taskId)) {
            throw new ShutdownException("Task " + taskId + " was not run: " + store + " shut down before it started");
        }
        // After the shutdown settled the task, its document already tells the outcome.
        BooleanSupplier over = () -> revoked.getAsBoolean() || inFlight.settled();
        boolean pending = false;
        try {
            TaskMetadata running = metadata == null ? null : metadata.startedAt(results.clock().instant());
            store(taskId, TaskState.STARTED, callerWaits, () -> results.storeState(taskId, TaskState.STARTED, running));
            Object value;
            Object outer = CurrentTask.enter(taskId, (state, meta) -> results.storeCustom(taskId, state, meta, running));
            try {
                value = body.call();
            } catch (Exception | Error e) {
                if (!over.getAsBoolean()) {
                    failed(taskId, e, running, callerWaits);
                }
                throw e;
            } finally {
                CurrentTask.leave(outer);
            }
            if (value instanceof CompletionStage) {
                pending = true;
                return completion((CompletionStage<?>) value, taskId, running, over);
            }
            if (!over.getAsBoolean()) {
                succeeded(taskId, value, running, callerWaits);
            }
            return value;
        } finally {
            if (!pending) {
                inFlight.done(taskId);
            }
        }
    }

    // A stage completing later has no waiting caller: a storage failure is logged, and the stage
    // handed back fails with it, for whoever holds it.
    private CompletionStage<Object> completion(CompletionStage<?> stage, String taskId, TaskMetadata metadata,
            BooleanSupplier revoked) {
        CompletableFuture<Object> stored = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            Throwable outcome = error == null ? null : unwrap(error);
            try {
                if (!revoked.getAsBoolean()) {
                    if (outcome == null) {
                        succeeded(taskId, value, metadata, false);
                    } else {
                        failed(taskId, outcome, metadata, false);
                    }
                }
            } catch (RuntimeException storing) {
                stored.completeExceptionally(storing);
                return;
            } finally {
                inFlight.done(taskId);
            }
            if (error == null) {
                stored.complete(value);
            } else {
                stored.completeExceptionally(outcome);
            }
        });
        return stored;
    }

    private void succeeded(String taskId, Object value, TaskMetadata metadata, boolean callerWaits) {
        try {
            store(taskId, TaskState.SUCCESS, callerWaits, () -> results.storeSuccess(taskId, value, metadata));
        } catch (ResultSerializationException e) {
            // Stored as a FAILURE saying why; the caller still gets its value.
            LOG.log(Level.WARNING, e.getMessage());
        }
    }

    private void failed(String taskId, Throwable error, TaskMetadata metadata, boolean callerWaits) {
        try {
            store(taskId, TaskState.FAILURE, callerWaits, () -> results.storeFailure(taskId, error, metadata));
        } catch (RuntimeException storing) {
            error.addSuppressed(storing);
        }
    }

    private void store(String taskId, TaskState state, boolean callerWaits, Runnable write) {
        try {
            write.run();
        } catch (ResultSerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            if (!callerWaits) {
                LOG.log(Level.WARNING, "Could not store " + state + " of task " + taskId + " in " + store + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
