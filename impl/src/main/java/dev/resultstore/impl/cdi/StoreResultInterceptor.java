package dev.resultstore.impl.cdi;

import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.resultstore.ResultSerializationException;
import dev.resultstore.StoreResult;
import dev.resultstore.TaskState;
import dev.resultstore.impl.store.TaskStore;
import dev.resultstore.impl.TaskIds;
import dev.resultstore.impl.codec.TaskMetadata;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * The inner half of {@link StoreResult}: runs where the method runs (on the worker thread for
 * {@code @Asynchronous} methods). Stores STARTED, then SUCCESS with the return value, or FAILURE
 * with the exception, which is rethrown unchanged; a returned {@code CompletionStage} is stored
 * when it completes. Priority {@link #PRIORITY}: early among library interceptors, so that
 * retries or timeouts of interceptors inside it are part of the task.
 */
@StoreResult
@Interceptor
@Priority(StoreResultInterceptor.PRIORITY)
public class StoreResultInterceptor {

    /** {@code LIBRARY_BEFORE + 100}. */
    public static final int PRIORITY = Interceptor.Priority.LIBRARY_BEFORE + 100;

    private static final Logger LOG = Logger.getLogger(StoreResultInterceptor.class.getName());

    private final Stores stores;

    @Inject
    public StoreResultInterceptor(Stores stores) {
        this.stores = stores;
    }

    @AroundInvoke
    public Object storeResult(InvocationContext context) throws Exception {
        TaskMethod method = TaskMethod.of(context);
        Object fixed = context.getContextData().get(StoreResultCallerInterceptor.TASK_ID);
        String taskId = fixed != null ? (String) fixed : TaskIds.generate();
        TaskStore backend = stores.backend(method.store);
        TaskMetadata metadata = stores.metadata(method, context, Instant.now());
        backend.storeState(taskId, TaskState.STARTED, metadata);
        Object result;
        try {
            result = context.proceed();
        } catch (Exception | Error e) {
            fail(backend, taskId, e, metadata);
            throw e;
        }
        if (result instanceof CompletionStage) {
            ((CompletionStage<?>) result).whenComplete((value, error) -> {
                if (error != null) {
                    fail(backend, taskId, unwrap(error), metadata);
                } else {
                    succeed(backend, taskId, value, metadata);
                }
            });
        } else {
            succeed(backend, taskId, result, metadata);
        }
        return result;
    }

    private static void succeed(TaskStore backend, String taskId, Object value, TaskMetadata metadata) {
        try {
            backend.storeSuccess(taskId, value, metadata);
        } catch (ResultSerializationException e) {
            // Stored as a FAILURE saying why; the caller still gets its value.
            LOG.log(Level.WARNING, e.getMessage());
        }
    }

    private static void fail(TaskStore backend, String taskId, Throwable error, TaskMetadata metadata) {
        try {
            backend.storeFailure(taskId, error, metadata);
        } catch (RuntimeException storing) {
            error.addSuppressed(storing);
            LOG.log(Level.SEVERE, "Could not store the failure of task " + taskId, storing);
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
