package dev.resultstore.impl.cdi;

import java.util.concurrent.CompletionStage;

import dev.resultstore.StoreResult;
import dev.resultstore.TaskResults;
import dev.resultstore.impl.TaskIds;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * The outer half of {@link StoreResult}: runs on the caller's thread, before Jakarta
 * Concurrency's {@code @Asynchronous} interceptor ({@code PLATFORM_BEFORE + 5}) hands the call to
 * a worker. It fixes the task id, stores RECEIVED for asynchronous methods (so that the id is
 * known to the store at once), and links the returned stage to the id for
 * {@link TaskResults#taskId}. Priority {@link #PRIORITY}.
 */
@StoreResult
@Interceptor
@Priority(StoreResultCallerInterceptor.PRIORITY)
public class StoreResultCallerInterceptor {

    /** {@code PLATFORM_BEFORE}: outside every platform interceptor, in particular {@code @Asynchronous}. */
    public static final int PRIORITY = Interceptor.Priority.PLATFORM_BEFORE;

    static final String TASK_ID = StoreResult.class.getName() + ".taskId";

    private final Stores stores;

    @Inject
    public StoreResultCallerInterceptor(Stores stores) {
        this.stores = stores;
    }

    @AroundInvoke
    public Object fixTaskId(InvocationContext context) throws Exception {
        TaskMethod method = stores.method(context);
        String taskId = null;
        if (method.taskIdParameter() >= 0) {
            taskId = (String) context.getParameters()[method.taskIdParameter()];
        }
        taskId = taskId == null ? TaskIds.generate() : TaskIds.validate(taskId);
        context.getContextData().put(TASK_ID, taskId);
        if (method.asynchronous()) {
            stores.backend(method.store()).received(taskId, stores.metadata(method, context, null));
        }
        Object result = context.proceed();
        if (result instanceof CompletionStage) {
            TaskResults.register((CompletionStage<?>) result, taskId);
        }
        return result;
    }
}
