package dev.resultstore.impl.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.resultstore.StoreOperations;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskState;
import dev.resultstore.impl.TaskIds;
import dev.resultstore.impl.cleanup.Cleanup;
import dev.resultstore.impl.codec.TaskMetadata;
import dev.resultstore.impl.task.InFlight;
import dev.resultstore.impl.task.Submission;
import dev.resultstore.impl.task.TaskRunner;
import dev.resultstore.spi.Storage;

/**
 * The {@link dev.resultstore.ResultBackend}: the API's entry points, each handed to the part
 * that does the work — {@link Results} (the store), {@link TaskRunner} and {@link Submission}
 * (tasks), {@link Cleanup} — and what the backend owns: its submitted tasks and its resources.
 */
public final class DefaultResultBackend implements TaskStore {

    private static final Logger LOG = Logger.getLogger(DefaultResultBackend.class.getName());

    private final String name;
    private final String description;
    private final Results results;
    private final TaskRunner runner;
    private final Cleanup cleanup;
    private final StoreOperations operations;
    private final TaskMetadata defaultMetadata;
    private final PollSchedule poll;
    private final Executor asyncExecutor;
    private final InFlight inFlight = new InFlight();
    private final Duration shutdownGrace;
    private final Map<String, Submission<?>> submitted = new ConcurrentHashMap<>();
    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

    /**
     * @param description  "store 'reports' (azure-blob)", for messages
     * @param resources    closed, in order, when the backend is closed (the storage, JSON-B...)
     */
    public DefaultResultBackend(String name, String description, Results results, Cleanup cleanup,
            TaskMetadata defaultMetadata, Duration pollInterval, Duration shutdownGrace, Executor asyncExecutor,
            List<AutoCloseable> resources) {
        this.shutdownGrace = shutdownGrace;
        this.name = name;
        this.description = description;
        this.results = results;
        this.runner = new TaskRunner(results, inFlight, description);
        this.cleanup = cleanup;
        this.operations = new Operations(results, cleanup, description + ": " + results.storage().description());
        this.defaultMetadata = defaultMetadata;
        this.poll = new PollSchedule(pollInterval);
        this.asyncExecutor = asyncExecutor;
        this.resources.addAll(resources);
    }

    @Override
    public String name() {
        return name;
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
        return new DefaultTaskResult<>(results, TaskIds.validate(taskId), type, null, poll, asyncExecutor, this::revoke);
    }

    @Override
    public void markStarted(String taskId) {
        results.storeState(taskId, TaskState.STARTED, defaultMetadata);
    }

    @Override
    public void storeSuccess(String taskId, Object value) {
        results.storeSuccess(taskId, value, defaultMetadata);
    }

    @Override
    public void storeFailure(String taskId, Throwable error) {
        results.storeFailure(taskId, error, defaultMetadata);
    }

    @Override
    public void storeState(String taskId, TaskState state) {
        results.storeState(taskId, state, defaultMetadata);
    }

    @Override
    public boolean storeState(String taskId, TaskState state, TaskMetadata metadata) {
        return results.storeState(taskId, state, metadata);
    }

    @Override
    public void updateState(String taskId, String state, Object meta) {
        results.storeCustom(taskId, state, meta, defaultMetadata);
    }

    @Override
    public boolean forget(String taskId) {
        return results.forget(taskId);
    }

    @Override
    public void received(String taskId, TaskMetadata metadata) {
        results.storeState(taskId, TaskState.RECEIVED, metadata);
        inFlight.queued(taskId);
    }

    @Override
    public Object runTask(String taskId, TaskMetadata metadata, boolean callerWaits, Callable<?> body) throws Exception {
        return runner.run(taskId, metadata, callerWaits, body);
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
        Submission<T> submission = new Submission<>(results, runner, inFlight, id, task, metadata, submitted::remove);
        submitted.put(id, submission);
        try {
            submission.start(executor);
        } catch (RuntimeException e) {
            submitted.remove(id);
            results.storeFailure(id, e, metadata);
            throw e;
        }
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) Object.class;
        return new DefaultTaskResult<>(results, id, type, submission, poll, asyncExecutor, this::revoke);
    }

    /** Cancels a task this backend submitted, then stores REVOKED unless the task is already ready. */
    private boolean revoke(String taskId) {
        Submission<?> submission = submitted.remove(taskId);
        if (submission != null) {
            submission.cancel();
        }
        results.storeState(taskId, TaskState.REVOKED, defaultMetadata);
        return results.envelope(taskId, Set.of()).state() == TaskState.REVOKED;
    }

    @Override
    public int cleanup() {
        return cleanup.run(StoreOperations.CleanupListener.NONE);
    }

    @Override
    public int scheduledCleanup() {
        return cleanup.runScheduled();
    }

    /** Sets who is told of every state this backend stores (the CDI extension fires events). */
    public void onStateStored(Results.StateListener listener) {
        results.listener(listener);
    }

    /** The configured storage itself, without retries: for tests and diagnostics, never for storing. */
    public Storage configuredStorage() {
        return results.storage().configured();
    }

    @Override
    public StoreOperations operations() {
        return operations;
    }

    /** Closes {@code resource} with the backend, before the storage (e.g. a cleanup schedule). */
    public void closeFirst(AutoCloseable resource) {
        resources.add(0, resource);
    }

    /**
     * Settles the tasks in flight (see {@link InFlight#settle}: waits up to
     * {@code resultstore.shutdown.grace-period} for running ones), then releases the storage.
     */
    @Override
    public synchronized void close() {
        if (resources.isEmpty()) {
            return;
        }
        inFlight.settle(results, shutdownGrace, description);
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Could not close " + resource + " of " + description, e);
            }
        }
        resources.clear();
    }

    @Override
    public String toString() {
        return "ResultBackend[" + description + "]";
    }
}
