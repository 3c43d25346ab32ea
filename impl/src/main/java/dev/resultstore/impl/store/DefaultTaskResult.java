package dev.resultstore.impl.store;

import dev.resultstore.impl.codec.Envelope;
import dev.resultstore.impl.codec.StoredResult;
import dev.resultstore.impl.task.Submission;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.resultstore.ResultStoreException;
import dev.resultstore.TaskFailedException;
import dev.resultstore.TaskFailure;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskState;
import dev.resultstore.TaskTimeoutException;

/**
 * A live handle: reads the store on every query until the task is ready, then keeps the ready
 * result (it no longer changes). Waiting wakes at once when the task completes in this JVM,
 * and otherwise polls, from an eighth of {@code resultstore.await.poll-interval}, doubling up to it.
 */
final class DefaultTaskResult<T> implements TaskResult<T> {

    /** Revokes a task: cancels it where it runs here, stores REVOKED; whether REVOKED is now stored. */
    @FunctionalInterface
    interface Revoker {
        boolean revoke(String taskId);
    }

    private final Results results;
    private final String taskId;
    private final Class<T> type;
    // Set for tasks submitted here: their value is returned as the object itself, not re-read as JSON.
    private final Submission<T> local;
    private final PollSchedule poll;
    private final Executor asyncExecutor;
    private final Revoker revoker;
    private volatile StoredResult ready;
    // A large ready document's envelope, kept until the whole document is needed.
    private volatile Envelope readyEnvelope;

    DefaultTaskResult(Results results, String taskId, Class<T> type, Submission<T> local, PollSchedule poll,
            Executor asyncExecutor, Revoker revoker) {
        this.results = results;
        this.taskId = taskId;
        this.type = type;
        this.local = local;
        this.poll = poll;
        this.asyncExecutor = asyncExecutor;
        this.revoker = revoker;
    }

    private StoredResult current() {
        StoredResult known = ready;
        if (known != null) {
            return known;
        }
        StoredResult read = results.read(taskId);
        if (read.state().isReady()) {
            ready = read;
        }
        return read;
    }

    // State and dates come from the envelope: the result value is not loaded to answer them.
    private Envelope envelope(Set<Envelope.Field> wanted) {
        StoredResult whole = ready;
        if (whole != null) {
            return Envelope.of(whole);
        }
        Envelope known = readyEnvelope;
        if (known != null && known.has(wanted)) {
            return known;
        }
        Envelope read = results.envelope(taskId, wanted);
        if (read.state().isReady()) {
            if (read.whole() != null) {
                ready = read.whole();
            } else {
                readyEnvelope = read;
            }
        }
        return read;
    }

    @Override
    public String taskId() {
        return taskId;
    }

    @Override
    public TaskState state() {
        return envelope(Set.of()).state();
    }

    @Override
    public String stateName() {
        return envelope(Set.of()).stateName();
    }

    @Override
    public Optional<Object> meta() {
        StoredResult stored = current();
        return stored.custom() ? Optional.ofNullable(results.value(stored, Object.class)) : Optional.empty();
    }

    @Override
    public boolean exists() {
        return ready != null || readyEnvelope != null || results.exists(taskId);
    }

    @Override
    public T get() {
        return outcome(await(Long.MAX_VALUE, null));
    }

    @Override
    public T get(Duration timeout) {
        return outcome(await(timeout.toNanos(), timeout));
    }

    private StoredResult await(long timeoutNanos, Duration timeout) {
        long start = System.nanoTime();
        long delay = poll.firstNanos();
        while (true) {
            CompletableFuture<Void> signal = results.awaitLocal(taskId);
            try {
                StoredResult read = current();
                if (read.state().isReady()) {
                    return read;
                }
                if (local != null && local.storageFailure() != null) {
                    // The task ended here but its outcome could not be stored: waiting longer cannot help.
                    throw local.storageFailure();
                }
                long remaining = timeoutNanos - (System.nanoTime() - start);
                if (remaining <= 0) {
                    throw new TaskTimeoutException(taskId, timeout, read.state());
                }
                try {
                    signal.get(Math.min(delay, remaining), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    delay = poll.next(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ResultStoreException("Interrupted while waiting for task " + taskId, e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            } finally {
                results.stopAwaiting(taskId, signal);
            }
        }
    }

    private T outcome(StoredResult result) {
        if (result.state() == TaskState.SUCCESS) {
            return decoded(result);
        }
        throw new TaskFailedException(taskId, result.state(), result.failure());
    }

    @Override
    public Optional<T> value() {
        StoredResult result = current();
        return result.state() == TaskState.SUCCESS ? Optional.ofNullable(decoded(result)) : Optional.empty();
    }

    private T decoded(StoredResult result) {
        if (local != null && local.succeeded()) {
            return local.value();
        }
        return results.value(result, type);
    }

    @Override
    public Optional<TaskFailure> failure() {
        return Optional.ofNullable(current().failure());
    }

    @Override
    public Optional<Instant> dateDone() {
        return Optional.ofNullable(envelope(Set.of(Envelope.Field.DATE_DONE)).dateDone());
    }

    @Override
    public boolean forget() {
        ready = null;
        readyEnvelope = null;
        return results.forget(taskId);
    }

    @Override
    public boolean revoke() {
        ready = null;
        readyEnvelope = null;
        return revoker.revoke(taskId);
    }

    @Override
    public CompletionStage<T> toCompletionStage() {
        CompletableFuture<T> stage = new CompletableFuture<>();
        poll(stage, poll.firstNanos());
        return stage;
    }

    private void poll(CompletableFuture<T> stage, long delay) {
        if (stage.isDone()) {
            return;
        }
        CompletableFuture<Void> signal = results.awaitLocal(taskId);
        try {
            StoredResult read = current();
            if (read.state().isReady()) {
                results.stopAwaiting(taskId, signal);
                stage.complete(outcome(read));
                return;
            }
        } catch (RuntimeException e) {
            results.stopAwaiting(taskId, signal);
            stage.completeExceptionally(e);
            return;
        }
        CompletableFuture<Void> tick = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS, asyncExecutor).execute(() -> tick.complete(null));
        signal.applyToEither(tick, ignored -> null).thenRunAsync(() -> {
            results.stopAwaiting(taskId, signal);
            poll(stage, poll.next(delay));
        }, asyncExecutor);
    }

    @Override
    public String toString() {
        return "TaskResult[" + taskId + "]";
    }
}
