package dev.resultstore.impl.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PollScheduleTest {

    private static List<Long> firstDelaysMillis(Duration interval, int count) {
        PollSchedule schedule = new PollSchedule(interval);
        List<Long> delays = new ArrayList<>();
        for (long delay = schedule.firstNanos(); delays.size() < count; delay = schedule.next(delay)) {
            delays.add(Duration.ofNanos(delay).toMillis());
        }
        return delays;
    }

    @Test
    void pollsStartAtAnEighthOfTheIntervalAndDoubleUpToIt() {
        assertThat(firstDelaysMillis(Duration.ofSeconds(8), 7)).containsExactly(1000L, 2000L, 4000L, 8000L, 8000L, 8000L, 8000L);
    }

    @Test
    void noPollComesSoonerThanAMillisecond() {
        assertThat(firstDelaysMillis(Duration.ofNanos(1), 3)).containsExactly(1L, 1L, 1L);
        assertThat(firstDelaysMillis(Duration.ofMillis(4), 3)).containsExactly(1L, 2L, 4L);
    }
}
