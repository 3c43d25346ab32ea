package dev.resultstore.impl.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final long MS = 1_000_000L;

    private final RetryPolicy policy = new RetryPolicy(5, List.of(IOException.class), Duration.ofMillis(100),
            Duration.ofMillis(400), Duration.ZERO);

    @Test
    void delaysDoubleUpToTheCapWithJitterWithinEachStep() {
        long[][] bounds = {{50, 100}, {100, 200}, {200, 400}, {200, 400}, {200, 400}};
        for (int retry = 1; retry <= 5; retry++) {
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                long delay = policy.delayNanos(retry, 0);
                assertThat(delay).as("retry %d", retry).isBetween(bounds[retry - 1][0] * MS, bounds[retry - 1][1] * MS);
                seen.add(delay);
            }
            assertThat(seen).as("retry %d is jittered", retry).hasSizeGreaterThan(50);
        }
    }

    @Test
    void noRetryIsLeftAfterMaxRetries() {
        assertThat(policy.delayNanos(6, 0)).isNegative();
    }

    @Test
    void maxDurationStopsRetriesThatWouldEndTooLate() {
        RetryPolicy limited = new RetryPolicy(100, List.of(IOException.class), Duration.ofMillis(100),
                Duration.ofMillis(100), Duration.ofMillis(250));

        assertThat(limited.delayNanos(1, 0)).isPositive();
        assertThat(limited.delayNanos(2, 260 * MS)).as("past the limit").isNegative();
        assertThat(limited.delayNanos(2, 150 * MS - 1)).as("sleeping at most 100 ms ends before the limit").isPositive();
    }

    @Test
    void retryOnJudgesUncheckedIoByItsCause() {
        assertThat(policy.retryable(new IOException("reset"))).isTrue();
        assertThat(policy.retryable(new UncheckedIOException(new IOException("reset")))).isTrue();
        assertThat(policy.retryable(new IllegalStateException("denied"))).isFalse();
    }
}
