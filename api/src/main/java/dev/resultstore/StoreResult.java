package dev.resultstore;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * Stores the outcome of a task method: its return value as SUCCESS, or its exception as
 * FAILURE (the exception is rethrown unchanged).
 *
 * <p>The task id comes from a parameter annotated {@link TaskId}, or is generated. Methods
 * returning a {@code CompletionStage} are stored when the stage completes; with Jakarta
 * Concurrency's {@code @Asynchronous} the id is fixed on the caller's thread and STARTED is
 * stored when the method starts on the worker thread. The caller learns a generated id with
 * {@link TaskResults#taskId(java.util.concurrent.CompletionStage)}.
 */
@Inherited
@Documented
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface StoreResult {

    /** The named store to use ({@code resultstore.<store>.*}); empty for the default store. */
    @Nonbinding
    String store() default "";

    /**
     * The task name stored in extended mode; empty means {@code DeclaringClass#method}.
     */
    @Nonbinding
    String name() default "";
}
