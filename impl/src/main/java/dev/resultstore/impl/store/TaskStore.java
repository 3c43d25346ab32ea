package dev.resultstore.impl.store;

import dev.resultstore.impl.codec.TaskMetadata;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

import dev.resultstore.ResultBackend;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskState;

/**
 * The backend as the interceptors see it: writes that carry extended metadata. Also a type of
 * the {@code @ResultStore} beans, so that interceptors reach it through the client proxy. Not
 * for application code.
 */
public interface TaskStore extends ResultBackend {

    /** The metadata written in extended mode when the caller gives none, or {@code null} when not extended. */
    TaskMetadata defaultMetadata();

    void storeSuccess(String taskId, Object value, TaskMetadata metadata);

    void storeFailure(String taskId, Throwable error, TaskMetadata metadata);

    /** Returns whether the state was written (not ignored because the task is already ready). */
    boolean storeState(String taskId, TaskState state, TaskMetadata metadata);

    <T> TaskResult<T> submit(String taskId, ExecutorService executor, Callable<T> task, TaskMetadata metadata);
}
