package dev.resultstore.benchmarks;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The baseline method of the same class that {@link Report} pairs a benchmark method with, where
 * it is not {@code raw<Method>}: several variants can then share one baseline that runs once.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Baseline {

    /** The baseline's method name. */
    String value();
}
