package dev.resultstore.tck.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

import org.assertj.core.api.AbstractThrowableAssert;

/**
 * The two kinds of failure the storage SPI distinguishes: an {@link IOException} the backend may
 * retry, which the cloud connectors mark "safe to retry", and an {@link IllegalStateException} it
 * must not retry, whose message says what the user should check.
 */
public final class Failures {

    private Failures() {
    }

    /** Asserts a retryable failure; chain further checks on the message. */
    public static AbstractThrowableAssert<?, ? extends Throwable> assertRetryable(Throwable failure) {
        return assertThat(failure).as("a retryable failure").isInstanceOf(IOException.class)
                .hasMessageContaining("safe to retry");
    }

    /** Asserts a failure not to retry whose message contains each of {@code whatToCheck}; chain further checks. */
    public static AbstractThrowableAssert<?, ? extends Throwable> assertNotRetryable(Throwable failure, String... whatToCheck) {
        AbstractThrowableAssert<?, ? extends Throwable> check = assertThat(failure).as("a failure not to retry")
                .isInstanceOf(IllegalStateException.class);
        for (String text : whatToCheck) {
            check.hasMessageContaining(text);
        }
        return check;
    }

    /** A failure's messages and stack trace, causes included: what a log would show. */
    public static String everything(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
