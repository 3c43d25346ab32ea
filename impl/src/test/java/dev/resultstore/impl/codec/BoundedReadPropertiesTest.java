package dev.resultstore.impl.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded read of a stored document gives exactly its first {@code limit} bytes (all of it
 * when shorter), whatever the stream says is left and however few bytes each read returns.
 */
class BoundedReadPropertiesTest {

    enum Available { EXACT, NONE, TOO_MANY, TOO_FEW }

    @Property(tries = 2000)
    void readsExactlyTheFirstLimitBytes(@ForAll @IntRange(max = 5000) int length, @ForAll @IntRange(min = 1, max = 6000) int limit,
            @ForAll Available available, @ForAll @IntRange(min = 1, max = 700) int chunk, @ForAll long seed) throws IOException {
        byte[] document = new byte[length];
        new Random(seed).nextBytes(document);

        byte[] read = BoundedReads.readAtMost(new AwkwardStream(document, available, chunk), limit);

        assertThat(read).isEqualTo(Arrays.copyOf(document, Math.min(length, limit)));
    }

    @Property(tries = 200)
    void aSmallDocumentCostsOneSmallBuffer(@ForAll @IntRange(max = BoundedReads.FIRST_READ - 1) int length) throws IOException {
        byte[] document = new byte[length];

        long before = allocated();
        byte[] read = BoundedReads.readAtMost(new ByteArrayInputStream(document), 64 << 20);
        long used = allocated() - before;

        assertThat(read).hasSize(length);
        // One FIRST_READ buffer and the exact copy, with room for headers and the measuring itself: not readNBytes' 8 KiB.
        assertThat(used).isLessThan(2L * BoundedReads.FIRST_READ + 1024);
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** A stream that returns at most {@code chunk} bytes a read and reports {@code available()} as told. */
    private static final class AwkwardStream extends InputStream {
        private final byte[] bytes;
        private final Available available;
        private final int chunk;
        private int at;

        AwkwardStream(byte[] bytes, Available available, int chunk) {
            this.bytes = bytes;
            this.available = available;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (at >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), bytes.length - at);
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }

        @Override
        public int available() {
            int left = bytes.length - at;
            return switch (available) {
                case EXACT -> left;
                case NONE -> 0;
                case TOO_MANY -> left + 1000;
                case TOO_FEW -> left / 3;
            };
        }
    }
}
