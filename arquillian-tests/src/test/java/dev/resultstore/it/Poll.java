package dev.resultstore.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.assertj.core.api.Assertions;

/** Waits for something that happens on another thread, failing with a message after a time-out. */
final class Poll {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Poll() {
    }

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                Assertions.fail("Timed out after " + TIMEOUT + " waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting until " + what, e);
            }
        }
    }
}
