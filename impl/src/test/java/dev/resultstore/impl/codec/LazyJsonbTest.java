package dev.resultstore.impl.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** JSON-B is made once, at first use, and only for values the direct writer and reader do not take. */
public class LazyJsonbTest {

    /** Not a record, not plain: only JSON-B can write it. */
    public static class Bean {
        public String name = "n";
    }

    public record Line(int number, String text) {
    }

    private static final java.time.Instant NOW = java.time.Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void plainValuesAndRecordsNeverMakeAJsonbAndOtherValuesMakeOne() throws Exception {
        int[] made = {0};
        LazyJsonb lazy = new LazyJsonb();
        ResultCodec codec = new ResultCodec(() -> {
            made[0]++;
            return lazy.get();
        }, "host", null);

        byte[] plain = codec.success("id-1", Map.of("a", java.util.List.of(1, 2.5, "x")), null, NOW);
        assertThat(codec.value(codec.decode("k", "id-1", plain), Object.class)).isEqualTo(Map.of("a", java.util.List.of(1, 2.5, "x")));
        byte[] record = codec.success("id-3", new Line(1, "t"), null, NOW);
        assertThat(codec.value(codec.decode("k", "id-3", record), Line.class)).isEqualTo(new Line(1, "t"));
        assertThat(made[0]).isZero();

        byte[] bean = codec.success("id-2", new Bean(), null, NOW);
        assertThat(codec.value(codec.decode("k", "id-2", bean), Bean.class).name).isEqualTo("n");
        assertThat(made[0]).isPositive();
        assertThat(lazy.get()).isSameAs(lazy.get());
        lazy.close();
        lazy.close();
    }
}
