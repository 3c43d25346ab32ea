package dev.resultstore.impl.cdi;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.resultstore.Sensitive;
import dev.resultstore.StoreResult;
import dev.resultstore.TaskId;
import jakarta.interceptor.InvocationContext;

/**
 * What the interceptors need to know about a {@link StoreResult} method, found by reflection
 * once per method and cached.
 */
final class TaskMethod {

    private static final Map<Method, TaskMethod> CACHE = new ConcurrentHashMap<>();
    private static final String ASYNCHRONOUS = "jakarta.enterprise.concurrent.Asynchronous";

    final String store;
    final String name;
    final int taskIdParameter;
    final boolean[] sensitive;
    final boolean asynchronous;

    private TaskMethod(Method method, StoreResult binding) {
        this.store = binding == null ? "" : binding.store();
        this.name = binding == null || binding.name().isEmpty()
                ? method.getDeclaringClass().getName() + "#" + method.getName() : binding.name();
        Annotation[][] annotations = method.getParameterAnnotations();
        int taskId = -1;
        sensitive = new boolean[annotations.length];
        for (int i = 0; i < annotations.length; i++) {
            for (Annotation annotation : annotations[i]) {
                if (annotation instanceof TaskId) {
                    if (method.getParameterTypes()[i] != String.class) {
                        throw new IllegalStateException("@TaskId parameter " + i + " of " + name + " must be a String");
                    }
                    taskId = i;
                    sensitive[i] = false;
                } else if (annotation instanceof Sensitive) {
                    sensitive[i] = true;
                }
            }
        }
        this.taskIdParameter = taskId;
        this.asynchronous = annotated(method, ASYNCHRONOUS);
    }

    static TaskMethod of(InvocationContext context) {
        Method method = context.getMethod();
        TaskMethod known = CACHE.get(method);
        if (known == null) {
            known = CACHE.computeIfAbsent(method, m -> new TaskMethod(m, binding(m)));
        }
        return known;
    }

    private static StoreResult binding(Method method) {
        // InvocationContext.getInterceptorBinding is Jakarta EE 11 only; Payara 6 is EE 10.
        StoreResult binding = method.getAnnotation(StoreResult.class);
        if (binding == null) {
            binding = method.getDeclaringClass().getAnnotation(StoreResult.class);
        }
        return binding;
    }

    private static boolean annotated(Method method, String annotation) {
        for (Annotation present : method.getAnnotations()) {
            if (present.annotationType().getName().equals(annotation)) {
                return true;
            }
        }
        for (Annotation present : method.getDeclaringClass().getAnnotations()) {
            if (present.annotationType().getName().equals(annotation)) {
                return true;
            }
        }
        return false;
    }
}
