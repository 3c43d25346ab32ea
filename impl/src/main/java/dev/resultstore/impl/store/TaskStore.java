package dev.resultstore.impl.store;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

import dev.resultstore.ResultBackend;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskState;
import dev.resultstore.impl.codec.TaskMetadata;

/**
 * The backend as the extension's interceptors and scheduler see it. Also a type of the
 * {@code @ResultStore} beans, so that they reach it through the client proxy. Not for
 * application code.
 */
public interface TaskStore extends ResultBackend {

    /** The metadata written in extended mode when the caller gives none, or {@code null} when not extended. */
    TaskMetadata defaultMetadata();

    /** Returns whether the state was written (not ignored because the task is already ready). */
    boolean storeState(String taskId, TaskState state, TaskMetadata metadata);

    /** Stores RECEIVED for a task handed to an executor, which the backend then keeps track of until it ends. */
    void received(String taskId, TaskMetadata metadata);

    /** Runs an intercepted task method through the task lifecycle; see {@code TaskRunner}. */
    Object runTask(String taskId, TaskMetadata metadata, boolean callerWaits, Callable<?> body) throws Exception;

    <T> TaskResult<T> submit(String taskId, ExecutorService executor, Callable<T> task, TaskMetadata metadata);

    /** A scheduled cleanup run, coordinated across nodes where the storage allows. */
    int scheduledCleanup();
}
