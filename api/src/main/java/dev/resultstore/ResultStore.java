package dev.resultstore;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

/**
 * Qualifies a {@link ResultBackend} injection point.
 *
 * <pre>{@code
 * @Inject @ResultStore ResultBackend results;             // resultstore.* keys
 * @Inject @ResultStore("reports") ResultBackend reports;  // resultstore.reports.* keys
 * }</pre>
 *
 * Every name used at an injection point (or in {@link StoreResult#store()}) gets an
 * application-scoped bean, configured and validated at deployment.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface ResultStore {

    /** The store's name; empty for the default store. */
    String value() default "";

    /** Literal for programmatic lookup: {@code CDI.current().select(ResultBackend.class, ResultStore.Literal.of("reports"))}. */
    final class Literal extends AnnotationLiteral<ResultStore> implements ResultStore {
        private static final long serialVersionUID = 1L;

        /** The default store's qualifier. */
        public static final Literal DEFAULT = new Literal("");

        private final String value;

        private Literal(String value) {
            this.value = value;
        }

        /** The qualifier of the store with the given name ({@code ""} for the default one). */
        public static Literal of(String name) {
            return name == null || name.isEmpty() ? DEFAULT : new Literal(name);
        }

        @Override
        public String value() {
            return value;
        }
    }
}
