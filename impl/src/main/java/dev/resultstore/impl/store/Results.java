package dev.resultstore.impl.store;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import dev.resultstore.ResultSerializationException;
import dev.resultstore.StorageException;
import dev.resultstore.TaskState;
import dev.resultstore.impl.TaskIds;
import dev.resultstore.impl.codec.Envelope;
import dev.resultstore.impl.codec.ResultCodec;
import dev.resultstore.impl.codec.StoredResult;
import dev.resultstore.impl.codec.TaskMetadata;
import dev.resultstore.impl.storage.RetryingStorage;
import dev.resultstore.spi.Versioned;

/**
 * The store: task documents written and read under {@code <key-prefix><task id>}, with state
 * precedence. A ready state (SUCCESS, FAILURE, REVOKED) is never replaced by a non-ready one, and
 * REVOKED never replaces SUCCESS or FAILURE. Every write that must respect a stored state is a
 * compare-and-set on the storage's version, so precedence holds for every writer the storage's
 * conditional writes cover (see {@code LocallyConditionalStorage} for storages without them).
 * SUCCESS and FAILURE are plain writes: they win over anything.
 */
public final class Results {

    private final RetryingStorage storage;
    private final ResultCodec codec;
    private final String keyPrefix;
    private final Clock clock;
    private final long maxDocumentSize;
    private final LocalWaiters waiters = new LocalWaiters();
    private volatile StateListener listener = StateListener.NONE;

    /** Told of every state this store writes (for CDI events, metrics). */
    @FunctionalInterface
    public interface StateListener {
        StateListener NONE = (taskId, state) -> { };

        void stored(String taskId, TaskState state);
    }

    /**
     * @param storage         the storage with its retries: its calls throw
     *                        {@link dev.resultstore.StorageException} when they finally fail
     * @param maxDocumentSize {@code resultstore.max-result-size}: the largest document written
     *                        or read, in bytes; 0 for no limit
     */
    public Results(RetryingStorage storage, ResultCodec codec, String keyPrefix, Clock clock, long maxDocumentSize) {
        this.maxDocumentSize = maxDocumentSize;
        this.storage = storage;
        this.codec = codec;
        this.keyPrefix = keyPrefix;
        this.clock = clock;
    }

    /** Sets who is told of stored states; {@link StateListener#NONE} by default. */
    public void listener(StateListener listener) {
        this.listener = listener;
    }

    public String key(String taskId) {
        return keyPrefix + taskId;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public RetryingStorage storage() {
        return storage;
    }

    public Clock clock() {
        return clock;
    }

    /** The task's document, or a PENDING result when nothing is stored. */
    public StoredResult read(String taskId) {
        String key = key(taskId);
        if (maxDocumentSize <= 0) {
            Optional<byte[]> bytes = storage.get(key);
            return bytes.isPresent() ? codec.decode(key, taskId, bytes.get()) : StoredResult.missing(key, taskId);
        }
        Optional<InputStream> opened = storage.openStream(key);
        if (opened.isEmpty()) {
            return StoredResult.missing(key, taskId);
        }
        try (InputStream in = opened.get()) {
            return codec.decode(key, taskId, in, (int) maxDocumentSize);
        } catch (IOException e) {
            throw readFailed(key, e);
        }
    }

    /**
     * The task's state and the {@code wanted} fields; PENDING when nothing is stored. A small
     * document is read whole (and given with the envelope); a larger one from its start up to
     * the last field wanted, the result value skipped without being loaded (see
     * {@link ResultCodec#envelope}).
     */
    public Envelope envelope(String taskId, Set<Envelope.Field> wanted) {
        String key = key(taskId);
        Optional<InputStream> opened = storage.openStream(key);
        if (opened.isEmpty()) {
            return Envelope.missing(key, taskId);
        }
        try (InputStream in = opened.get()) {
            return codec.envelope(key, taskId, in, wanted,
                    maxDocumentSize <= 0 ? Integer.MAX_VALUE : (int) Math.min(maxDocumentSize, Integer.MAX_VALUE));
        } catch (IOException e) {
            throw readFailed(key, e);
        }
    }

    /**
     * Whether a document is stored for the task, readable or not. The storage opens it and
     * nothing is read: on the file system one open and one close, cheaper than any listing.
     */
    public boolean exists(String taskId) {
        String key = key(taskId);
        Optional<InputStream> opened = storage.openStream(key);
        if (opened.isEmpty()) {
            return false;
        }
        try (InputStream in = opened.get()) {
            return true;
        } catch (IOException e) {
            throw readFailed(key, e);
        }
    }

    private StorageException readFailed(String key, IOException e) {
        return new StorageException("Could not read " + key + " in " + storage.description() + ": " + e.getMessage(), e);
    }

    public <T> T value(StoredResult stored, Class<T> type) {
        return codec.value(stored, type);
    }

    /**
     * Stores SUCCESS; an unserializable value is stored as a FAILURE saying why, then
     * {@link ResultSerializationException} is thrown.
     */
    public void storeSuccess(String taskId, Object value, TaskMetadata metadata) {
        TaskIds.validate(taskId);
        byte[] document;
        try {
            document = codec.success(taskId, value, metadata, clock.instant());
            if (maxDocumentSize > 0 && document.length > maxDocumentSize) {
                ResultSerializationException tooLarge = new ResultSerializationException("The result of task " + taskId
                        + " is " + document.length + " bytes as JSON, more than resultstore.max-result-size ("
                        + maxDocumentSize + " bytes): return less, or raise the limit", null);
                // Its stack trace says nothing about the task, and the FAILURE saying why must itself fit.
                tooLarge.setStackTrace(new StackTraceElement[0]);
                throw tooLarge;
            }
        } catch (ResultSerializationException e) {
            write(taskId, TaskState.FAILURE, codec.failure(taskId, e, metadata, clock.instant()));
            throw e;
        }
        write(taskId, TaskState.SUCCESS, document);
    }

    public void storeFailure(String taskId, Throwable error, TaskMetadata metadata) {
        TaskIds.validate(taskId);
        write(taskId, TaskState.FAILURE, codec.failure(taskId, error, metadata, clock.instant()));
    }

    /** Stores a state without a value; returns whether it was written (not refused by precedence). */
    public boolean storeState(String taskId, TaskState state, TaskMetadata metadata) {
        TaskIds.validate(taskId);
        if (state == TaskState.SUCCESS) {
            storeSuccess(taskId, null, metadata);
            return true;
        }
        return write(taskId, state, codec.state(taskId, state, metadata, clock.instant()));
    }

    /**
     * Settles a task whose node was lost, if {@code lost} still says so of its current document:
     * REVOKED when it never started, else FAILURE ({@code WorkerLostError}). A conditional write,
     * so a real result stored meanwhile wins; returns whether the settlement was written.
     */
    public boolean settleLost(String taskId, Predicate<StoredResult> lost, String message) {
        String key = key(taskId);
        Optional<Versioned> current = storage.getVersioned(key);
        if (current.isEmpty()) {
            return false;
        }
        StoredResult stored = codec.decode(key, taskId, current.get().value());
        if (!lost.test(stored)) {
            return false;
        }
        TaskState settled = stored.state() == TaskState.RECEIVED ? TaskState.REVOKED : TaskState.FAILURE;
        byte[] document = settled == TaskState.REVOKED ? codec.state(taskId, settled, null, clock.instant())
                : codec.workerLost(taskId, message, clock.instant());
        boolean written = storage.putIfVersion(key, document, current.get().version());
        if (written) {
            waiters.wake(taskId);
            listener.stored(taskId, settled);
        }
        return written;
    }

    /**
     * Stores a custom state with its meta (Celery's {@code update_state}); not ready, so it never
     * replaces a ready state. Returns whether it was written.
     */
    public boolean storeCustom(String taskId, String state, Object meta, TaskMetadata metadata) {
        TaskIds.validate(taskId);
        checkStateName(state);
        return write(taskId, TaskState.STARTED, codec.custom(taskId, state, meta, metadata, clock.instant()));
    }

    private static void checkStateName(String state) {
        if (state == null || state.isEmpty() || state.length() > 64 || !state.chars().allMatch(
                c -> c == '_' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
            throw new IllegalArgumentException("A state name has 1–64 letters, digits or '_': " + state);
        }
        for (TaskState ready : new TaskState[] {TaskState.SUCCESS, TaskState.FAILURE, TaskState.REVOKED}) {
            if (ready.name().equals(state)) {
                throw new IllegalArgumentException(state + " is a ready state: store it with storeSuccess, storeFailure"
                        + " or storeState, not as a custom state");
            }
        }
    }

    public boolean forget(String taskId) {
        return storage.delete(key(TaskIds.validate(taskId)));
    }

    private boolean write(String taskId, TaskState state, byte[] document) {
        String key = key(taskId);
        boolean written;
        if (state == TaskState.SUCCESS || state == TaskState.FAILURE) {
            storage.put(key, document);
            written = true;
        } else {
            written = writeUnlessReady(key, taskId, document);
        }
        if (written) {
            if (state.isReady()) {
                waiters.wake(taskId);
            }
            listener.stored(taskId, state);
        }
        return written;
    }

    // Compare-and-set until the write lands or a ready state is found; each loop means another
    // writer changed the document in between.
    private boolean writeUnlessReady(String key, String taskId, byte[] document) {
        while (true) {
            Optional<Versioned> current = storage.getVersioned(key);
            if (current.isPresent() && readyOrUnreadable(key, taskId, current.get().value())) {
                return false;
            }
            boolean written = current.isPresent()
                    ? storage.putIfVersion(key, document, current.get().version())
                    : storage.putIfAbsent(key, document);
            if (written) {
                return true;
            }
        }
    }

    // A corrupted document counts as ready: a late non-ready state must not hide the evidence.
    private boolean readyOrUnreadable(String key, String taskId, byte[] current) {
        try {
            return codec.decode(key, taskId, current).state().isReady();
        } catch (ResultSerializationException e) {
            return true;
        }
    }

    CompletableFuture<Void> awaitLocal(String taskId) {
        return waiters.register(taskId);
    }

    void stopAwaiting(String taskId, CompletableFuture<Void> signal) {
        waiters.unregister(taskId, signal);
    }
}
