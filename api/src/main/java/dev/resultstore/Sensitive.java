package dev.resultstore;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keeps a {@link StoreResult} method's argument out of the stored document in extended mode
 * ({@code resultstore.extended=true}): it is written as {@code "***"} instead of its value.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Sensitive {
}
