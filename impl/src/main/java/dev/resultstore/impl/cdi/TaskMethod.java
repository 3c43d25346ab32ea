package dev.resultstore.impl.cdi;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;

import dev.resultstore.Sensitive;
import dev.resultstore.StoreResult;
import dev.resultstore.TaskId;

/**
 * What the interceptors need to know about a {@link StoreResult} method: read once, from the
 * bean's annotated type at deployment (so that a bad method fails the deployment), or by
 * reflection for a method the container did not show the extension.
 *
 * @param store            the store's name ({@code ""}: the default)
 * @param name             the task name stored in extended mode
 * @param taskIdParameter  the index of the {@link TaskId} parameter, or -1
 * @param sensitive        which parameters are {@link Sensitive}
 * @param asynchronous     whether the method is {@code @Asynchronous} (runs on a worker)
 */
record TaskMethod(String store, String name, int taskIdParameter, boolean[] sensitive, boolean asynchronous) {

    private static final String ASYNCHRONOUS = "jakarta.enterprise.concurrent.Asynchronous";

    /**
     * Reads a method given its binding and its parameters' annotations; adds a problem naming the
     * method for each mistake.
     */
    static TaskMethod read(Method method, StoreResult binding, List<? extends Iterable<Annotation>> parameterAnnotations,
            boolean asynchronous, List<String> problems) {
        String display = method.getDeclaringClass().getName() + "#" + method.getName();
        String name = binding.name().isEmpty() ? display : binding.name();
        int taskId = -1;
        boolean[] sensitive = new boolean[parameterAnnotations.size()];
        for (int i = 0; i < sensitive.length; i++) {
            for (Annotation annotation : parameterAnnotations.get(i)) {
                if (annotation instanceof TaskId) {
                    if (method.getParameterTypes()[i] != String.class) {
                        problems.add("@StoreResult method " + display + ": its @TaskId parameter " + i + " is a "
                                + method.getParameterTypes()[i].getName() + "; it must be a String");
                    } else if (taskId >= 0) {
                        problems.add("@StoreResult method " + display + ": parameters " + taskId + " and " + i
                                + " are both @TaskId; a task has one id");
                    } else {
                        taskId = i;
                    }
                } else if (annotation instanceof Sensitive) {
                    sensitive[i] = true;
                }
            }
        }
        if (taskId >= 0) {
            sensitive[taskId] = false;
        }
        return new TaskMethod(binding.store(), name, taskId, sensitive, asynchronous);
    }

    /** Reads a method by reflection; throws naming the mistakes. */
    static TaskMethod reflect(Method method) {
        StoreResult binding = method.getAnnotation(StoreResult.class);
        if (binding == null) {
            binding = method.getDeclaringClass().getAnnotation(StoreResult.class);
        }
        List<List<Annotation>> parameters = new java.util.ArrayList<>();
        for (Annotation[] annotations : method.getParameterAnnotations()) {
            parameters.add(List.of(annotations));
        }
        List<String> problems = new java.util.ArrayList<>();
        TaskMethod read = read(method, binding, parameters, isAsynchronous(method.getAnnotations())
                || isAsynchronous(method.getDeclaringClass().getAnnotations()), problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        return read;
    }

    static boolean isAsynchronous(Annotation[] annotations) {
        for (Annotation present : annotations) {
            if (present.annotationType().getName().equals(ASYNCHRONOUS)) {
                return true;
            }
        }
        return false;
    }
}
