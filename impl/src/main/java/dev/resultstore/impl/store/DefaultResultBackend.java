package dev.resultstore.impl.store;

import dev.resultstore.impl.TaskIds;
import dev.resultstore.impl.codec.ResultCodec;
import dev.resultstore.impl.codec.StoredResult;
import dev.resultstore.impl.codec.TaskMetadata;
import dev.resultstore.impl.config.StoreConfiguration;
import dev.resultstore.impl.storage.RetryPolicy;
import dev.resultstore.impl.task.Submission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultSerializationException;
import dev.resultstore.StorageException;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskState;
import dev.resultstore.spi.BatchDeleteResult;
import dev.resultstore.spi.ConditionalStorage;
import dev.resultstore.spi.Storage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.spi.Versioned;
import jakarta.json.bind.Jsonb;

/**
 * The {@link ResultBackend}: task ids, the Celery codec, retries, state precedence, local
 * waiters and cleanup, over one {@link Storage}.
 */
public final class DefaultResultBackend implements TaskStore {

    private static final Logger LOG = Logger.getLogger(DefaultResultBackend.class.getName());
    private static final int LOCK_STRIPES = 64;

    private final String name;
    private final String description;
    private final Storage storage;
    private final Jsonb jsonb;
    private final ResultCodec codec;
    private final RetryPolicy retry;
    private final String keyPrefix;
    private final Duration expires;
    private final int cleanupBatchSize;
    private final TaskMetadata defaultMetadata;
    private final long maxPollNanos;
    private final Executor asyncExecutor;
    private final Clock clock;
    private final boolean conditional;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    // Waiters of this JVM, woken as soon as a ready state is stored here (no poll tick needed).
    private final Map<String, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();
    private final Map<String, Submission<?>> submitted = new ConcurrentHashMap<>();
    private final List<Runnable> closeActions = new java.util.concurrent.CopyOnWriteArrayList<>();

    public DefaultResultBackend(StoreConfiguration configuration, Storage storage, Jsonb jsonb, Executor asyncExecutor,
            Clock clock) {
        this.name = configuration.name();
        this.description = configuration.description();
        this.storage = storage;
        this.jsonb = jsonb;
        this.codec = new ResultCodec(jsonb, configuration.nodeName());
        this.retry = configuration.retry();
        this.keyPrefix = configuration.keyPrefix();
        this.expires = configuration.expires();
        this.cleanupBatchSize = configuration.cleanupBatchSize();
        this.defaultMetadata = configuration.extended()
                ? new TaskMetadata(null, null, null, configuration.nodeName(), 0, null, null) : null;
        this.maxPollNanos = Math.max(configuration.awaitPollInterval().toNanos(), 1_000_000L);
        this.asyncExecutor = asyncExecutor;
        this.clock = clock;
        this.conditional = storage instanceof ConditionalStorage;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** The storage, for tools and tests. */
    public Storage storage() {
        return storage;
    }

    /** The prefix of this store's keys. */
    public String keyPrefix() {
        return keyPrefix;
    }

    @Override
    public TaskMetadata defaultMetadata() {
        return defaultMetadata;
    }

    @Override
    public TaskResult<Object> result(String taskId) {
        return result(taskId, Object.class);
    }

    @Override
    public <T> TaskResult<T> result(String taskId, Class<T> type) {
        return new DefaultTaskResult<>(this, TaskIds.validate(taskId), type);
    }

    @Override
    public void markStarted(String taskId) {
        storeState(taskId, TaskState.STARTED);
    }

    @Override
    public void storeSuccess(String taskId, Object value) {
        storeSuccess(taskId, value, defaultMetadata);
    }

    /**
     * Stores SUCCESS; an unserializable value is stored as a FAILURE saying why, then
     * {@link ResultSerializationException} is thrown.
     */
    @Override
    public void storeSuccess(String taskId, Object value, TaskMetadata metadata) {
        TaskIds.validate(taskId);
        byte[] document;
        try {
            document = codec.success(taskId, value, metadata, clock.instant());
        } catch (ResultSerializationException e) {
            write(taskId, TaskState.FAILURE, codec.failure(taskId, e, metadata, clock.instant()));
            throw e;
        }
        write(taskId, TaskState.SUCCESS, document);
    }

    @Override
    public void storeFailure(String taskId, Throwable error) {
        storeFailure(taskId, error, defaultMetadata);
    }

    @Override
    public void storeFailure(String taskId, Throwable error, TaskMetadata metadata) {
        TaskIds.validate(taskId);
        write(taskId, TaskState.FAILURE, codec.failure(taskId, error, metadata, clock.instant()));
    }

    @Override
    public void storeState(String taskId, TaskState state) {
        storeState(taskId, state, defaultMetadata);
    }

    @Override
    public boolean storeState(String taskId, TaskState state, TaskMetadata metadata) {
        TaskIds.validate(taskId);
        if (state == TaskState.SUCCESS) {
            storeSuccess(taskId, null, metadata);
            return true;
        }
        return write(taskId, state, codec.state(taskId, state, metadata, clock.instant()));
    }

    @Override
    public boolean forget(String taskId) {
        String key = keyPrefix + TaskIds.validate(taskId);
        return retry.call(() -> storage.delete(key), () -> "forget task " + taskId + " in " + description);
    }

    @Override
    public <T> TaskResult<T> submit(ExecutorService executor, Callable<T> task) {
        return submit(null, executor, task);
    }

    @Override
    public <T> TaskResult<T> submit(String taskId, ExecutorService executor, Callable<T> task) {
        return submit(taskId, executor, task, defaultMetadata);
    }

    @Override
    public <T> TaskResult<T> submit(String taskId, ExecutorService executor, Callable<T> task, TaskMetadata metadata) {
        String id = taskId == null ? TaskIds.generate() : TaskIds.validate(taskId);
        Submission<T> submission = new Submission<>(this, id, task, metadata);
        storeState(id, TaskState.RECEIVED, metadata);
        submitted.put(id, submission);
        try {
            submission.start(executor);
        } catch (RuntimeException e) {
            submitted.remove(id);
            storeFailure(id, e, metadata);
            throw e;
        }
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) Object.class;
        return new DefaultTaskResult<>(this, id, type, submission);
    }

    public void finished(String taskId) {
        submitted.remove(taskId);
    }

    /** Cancels a task this backend submitted, then stores REVOKED unless the task is already ready. */
    boolean revoke(String taskId) {
        Submission<?> submission = submitted.remove(taskId);
        if (submission != null) {
            submission.cancel();
        }
        storeState(taskId, TaskState.REVOKED, defaultMetadata);
        return read(taskId).state() == TaskState.REVOKED;
    }

    @Override
    public int cleanup() {
        return cleanup(CleanupListener.NONE);
    }

    /** Reports cleanup progress after each batch, for tools that clean up many results. */
    @FunctionalInterface
    public interface CleanupListener {
        CleanupListener NONE = (scanned, deleted, failed) -> { };

        /** @param scanned results looked at so far; {@code deleted}, {@code failed}: so far */
        void progress(long scanned, int deleted, int failed);
    }

    /** {@link #cleanup()}, telling {@code listener} how far it got after each batch. */
    public int cleanup(CleanupListener listener) {
        if (expires.isZero()) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(expires);
        Cleanup run = new Cleanup(listener);
        try (Stream<StoredObject> objects = retry.call(() -> storage.list(keyPrefix), () -> "list the results of " + description)) {
            Iterator<StoredObject> iterator = objects.iterator();
            while (iterator.hasNext()) {
                StoredObject object = iterator.next();
                run.scanned++;
                if (object.lastModified().isBefore(cutoff) && isTaskKey(object.key())) {
                    run.batch.add(object.key());
                    if (run.batch.size() >= cleanupBatchSize) {
                        run.deleteBatch();
                    }
                }
            }
        } catch (RuntimeException e) {
            if (e instanceof StorageException) {
                throw e;
            }
            throw new StorageException("Could not list the results of " + description + ": " + e.getMessage(), e);
        }
        run.deleteBatch();
        if (run.deleted > 0 || run.failed > 0) {
            LOG.log(run.failed > 0 ? Level.WARNING : Level.INFO,
                    "ResultStore cleanup of {0}: deleted {1} results older than {2}; {3} could not be deleted",
                    new Object[] {description, run.deleted, expires, run.failed});
        }
        return run.deleted;
    }

    /** One cleanup run: the pending batch and the counts. */
    private final class Cleanup {
        final CleanupListener listener;
        final List<String> batch = new ArrayList<>(Math.min(cleanupBatchSize, 4096));
        long scanned;
        int deleted;
        int failed;

        Cleanup(CleanupListener listener) {
            this.listener = listener;
        }

        void deleteBatch() {
            if (!batch.isEmpty()) {
                try {
                    BatchDeleteResult result = retry.call(() -> storage.deleteAll(batch),
                            () -> "delete " + batch.size() + " expired results in " + description);
                    deleted += result.deleted();
                    failed += result.failures().size();
                    result.failures().forEach((key, error) -> LOG.log(Level.WARNING,
                            "ResultStore cleanup could not delete {0} in {1}: {2}", new Object[] {key, description, error.toString()}));
                } catch (StorageException e) {
                    failed += batch.size();
                    LOG.log(Level.WARNING, e.getMessage(), e);
                }
                batch.clear();
            }
            listener.progress(scanned, deleted, failed);
        }
    }

    private boolean isTaskKey(String key) {
        if (!key.startsWith(keyPrefix)) {
            return false;
        }
        try {
            TaskIds.validate(key.substring(keyPrefix.length()));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Runs {@code action} when the backend is closed (e.g. stops its scheduled cleanup). */
    public void onClose(Runnable action) {
        closeActions.add(action);
    }

    @Override
    public void close() {
        closeActions.forEach(Runnable::run);
        closeActions.clear();
        try {
            storage.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Could not close the storage of " + description, e);
        }
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "Could not close JSON-B", e);
        }
    }

    @Override
    public String toString() {
        return "ResultBackend[" + description + "]";
    }

    // ---- reads, writes and waiters, shared with DefaultTaskResult and Submission ----

    StoredResult read(String taskId) {
        String key = keyPrefix + taskId;
        Optional<byte[]> bytes = retry.call(() -> storage.get(key), () -> "read the result of task " + taskId + " in " + description);
        return bytes.isPresent() ? codec.decode(key, taskId, bytes.get()) : StoredResult.missing(key, taskId);
    }

    <T> T value(StoredResult stored, Class<T> type) {
        return codec.value(stored, type);
    }

    /**
     * Writes a document unless it would replace a ready state with a non-ready one (or with
     * REVOKED: a finished task cannot be revoked); returns whether it was written.
     */
    private boolean write(String taskId, TaskState state, byte[] document) {
        String key = keyPrefix + taskId;
        Supplier<String> action = () -> "store " + state + " for task " + taskId + " in " + description;
        boolean outcome = state == TaskState.SUCCESS || state == TaskState.FAILURE;
        boolean written = conditional ? writeConditionally(key, taskId, outcome, document, action)
                : writeLocked(key, taskId, outcome, document, action);
        if (written && state.isReady()) {
            wake(taskId);
        }
        return written;
    }

    private boolean writeLocked(String key, String taskId, boolean outcome, byte[] document, Supplier<String> action) {
        ReentrantLock lock = locks[(key.hashCode() & 0x7fffffff) % LOCK_STRIPES];
        lock.lock();
        try {
            if (!outcome && storedStateIsReady(key, taskId, action)) {
                return false;
            }
            retry.call(() -> {
                storage.put(key, document);
                return null;
            }, action);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean storedStateIsReady(String key, String taskId, Supplier<String> action) {
        Optional<byte[]> current = retry.call(() -> storage.get(key), action);
        return current.isPresent() && readyOrUnreadable(key, taskId, current.get());
    }

    private boolean writeConditionally(String key, String taskId, boolean outcome, byte[] document, Supplier<String> action) {
        if (outcome) {
            retry.call(() -> {
                storage.put(key, document);
                return null;
            }, action);
            return true;
        }
        while (true) {
            Optional<Versioned> current = retry.call(() -> ((ConditionalStorage) storage).getVersioned(key), action);
            if (current.isPresent() && readyOrUnreadable(key, taskId, current.get().value())) {
                return false;
            }
            ConditionalStorage versioned = (ConditionalStorage) storage;
            boolean written = current.isPresent()
                    ? retry.call(() -> versioned.putIfVersion(key, document, current.get().version()), action)
                    : retry.call(() -> versioned.putIfAbsent(key, document), action);
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

    /** Registers a waiter of this JVM, completed when a ready state of the task is stored here. */
    CompletableFuture<Void> awaitLocal(String taskId) {
        CompletableFuture<Void> signal = new CompletableFuture<>();
        waiters.compute(taskId, (id, set) -> {
            Set<CompletableFuture<Void>> signals = set == null ? new HashSet<>() : set;
            signals.add(signal);
            return signals;
        });
        return signal;
    }

    void stopAwaiting(String taskId, CompletableFuture<Void> signal) {
        waiters.computeIfPresent(taskId, (id, set) -> {
            set.remove(signal);
            return set.isEmpty() ? null : set;
        });
    }

    private void wake(String taskId) {
        if (!waiters.isEmpty()) {
            Set<CompletableFuture<Void>> signals = waiters.remove(taskId);
            if (signals != null) {
                signals.forEach(signal -> signal.complete(null));
            }
        }
    }

    /** Polls start at an eighth of the interval and double up to it. */
    long firstPollNanos() {
        return Math.max(maxPollNanos / 8, 1_000_000L);
    }

    long maxPollNanos() {
        return maxPollNanos;
    }

    Executor asyncExecutor() {
        return asyncExecutor;
    }

    public Clock clock() {
        return clock;
    }

    String description() {
        return description;
    }
}
