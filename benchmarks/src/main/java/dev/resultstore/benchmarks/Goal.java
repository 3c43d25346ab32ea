package dev.resultstore.benchmarks;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The target a ResultStore benchmark method aims for, checked by {@link Report} against the
 * method's scores. Each non-zero bound must hold; times are in microseconds per operation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Goal {

    /** Our time at most this many times the baseline's. */
    double maxRatio() default 0;

    /** Our time at most this many microseconds above the baseline's. */
    double maxOverheadMicros() default 0;

    /** Our time at most this many microseconds. */
    double maxMicros() default 0;

    /**
     * At most this many bytes allocated per operation more than the baseline (JMH's
     * gc.alloc.rate.norm, so only checked when the run had {@code -prof gc}); negative: no bound.
     */
    double maxExtraBytesPerOp() default -1;
}
