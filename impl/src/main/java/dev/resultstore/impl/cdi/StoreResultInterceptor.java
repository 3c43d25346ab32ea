package dev.resultstore.impl.cdi;

import java.time.Instant;

import dev.resultstore.StoreResult;
import dev.resultstore.impl.TaskIds;
import dev.resultstore.impl.store.TaskStore;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * The inner half of {@link StoreResult}: runs where the method runs (on the worker thread for
 * {@code @Asynchronous} methods) and hands the call to the store's task runner, which stores
 * STARTED, then SUCCESS with the return value or FAILURE with the exception (rethrown unchanged);
 * a returned {@code CompletionStage} is stored when it completes.
 *
 * <p>Priority {@link #PRIORITY}: after Jakarta Concurrency's {@code @Asynchronous}
 * ({@code PLATFORM_BEFORE + 5}), so that it runs on the worker thread, and before Jakarta
 * Transactions' {@code @Transactional} ({@code PLATFORM_BEFORE + 200}), so that the outcome stored
 * is the one the caller sees: a transaction that rolls back at commit is stored as FAILURE.
 */
@StoreResult
@Interceptor
@Priority(StoreResultInterceptor.PRIORITY)
public class StoreResultInterceptor {

    /** {@code PLATFORM_BEFORE + 100}: inside {@code @Asynchronous}, outside {@code @Transactional}. */
    public static final int PRIORITY = Interceptor.Priority.PLATFORM_BEFORE + 100;

    private final Stores stores;

    @Inject
    public StoreResultInterceptor(Stores stores) {
        this.stores = stores;
    }

    @AroundInvoke
    public Object storeResult(InvocationContext context) throws Exception {
        TaskMethod method = stores.method(context);
        Object fixed = context.getContextData().get(StoreResultCallerInterceptor.TASK_ID);
        String taskId = fixed != null ? (String) fixed : TaskIds.generate();
        TaskStore backend = stores.backend(method.store());
        // On the caller's thread unless @Asynchronous moved the call to a worker.
        boolean callerWaits = !method.asynchronous();
        return backend.runTask(taskId, stores.metadata(method, context, Instant.now()), callerWaits, context::proceed);
    }
}
