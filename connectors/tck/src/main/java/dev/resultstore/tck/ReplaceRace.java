package dev.resultstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.resultstore.spi.Storage;

/**
 * One writer replaces a value round after round while readers read it, all released together by
 * a barrier. The writer goes on until enough reads have started while a put was under way (or a
 * deadline passes), so the race really happened before anything is concluded from it.
 *
 * <p>Round {@code r}'s value starts with {@code r} (8 bytes), has a length and fill byte of its
 * own, and differs in both from its neighbours: a value made of parts of two writes, or cut
 * short, is recognised as such.
 */
final class ReplaceRace {

    /** One read of the key; may return {@code null} for "vanished". */
    interface Read {
        byte[] read() throws IOException;
    }

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int READERS = 3;
    private static final int ROUNDS_SEEN = 3;

    private final Storage storage;
    private final String key;
    private final int smallSize;
    private final int largeSize;

    private volatile boolean writing;
    private volatile boolean done;
    private volatile int latestRoundStarted;
    private final AtomicInteger overlappingReads = new AtomicInteger();
    private final AtomicInteger failedReads = new AtomicInteger();
    private final Set<Integer> roundsSeen = ConcurrentHashMap.newKeySet();
    private final AtomicReference<AssertionError> violation = new AtomicReference<>();

    ReplaceRace(Storage storage, String key, int smallSize, int largeSize) {
        this.storage = storage;
        this.key = key;
        this.smallSize = smallSize;
        this.largeSize = largeSize;
    }

    int size(int round) {
        return (round % 2 == 0 ? smallSize : largeSize) + round;
    }

    private static byte fill(int round) {
        return (byte) (1 + round % 251);
    }

    byte[] value(int round) {
        byte[] value = new byte[size(round)];
        Arrays.fill(value, fill(round));
        ByteBuffer.wrap(value).putLong(round);
        return value;
    }

    /** The round that wrote {@code value}, or -1 when it is not one whole written value. */
    int roundOf(byte[] value) {
        if (value.length < Long.BYTES) {
            return -1;
        }
        long round = ByteBuffer.wrap(value).getLong();
        if (round < 0 || round > latestRoundStarted || value.length != size((int) round)) {
            return -1;
        }
        byte expected = fill((int) round);
        for (int i = Long.BYTES; i < value.length; i++) {
            if (value[i] != expected) {
                return -1;
            }
        }
        return (int) round;
    }

    /**
     * Runs the race and checks it: every read is one whole written value, at least
     * {@code minOverlappingReads} reads started while the writer was writing, and afterwards the
     * key holds the last value written.
     *
     * @param streamFailuresAllowed whether a read may fail with an {@link IOException} instead (a
     *                              stream that detects a replace under it and gives up)
     */
    void run(Read read, int minRounds, int minOverlappingReads, boolean streamFailuresAllowed) throws Exception {
        storage.put(key, value(0));
        CyclicBarrier start = new CyclicBarrier(READERS + 1);
        ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
        int lastRound;
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                readers.add(pool.submit(() -> {
                    start.await();
                    readUntilDone(read, streamFailuresAllowed);
                    return null;
                }));
            }
            Future<Integer> writer = pool.submit(() -> {
                start.await();
                try {
                    return writeUntilOverlapped(minRounds, minOverlappingReads);
                } finally {
                    done = true;
                }
            });
            lastRound = writer.get(DEADLINE.toSeconds() + 60, TimeUnit.SECONDS);
            for (Future<?> reader : readers) {
                reader.get(60, TimeUnit.SECONDS);
            }
        } finally {
            done = true;
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }

        if (violation.get() != null) {
            throw violation.get();
        }
        assertThat(overlappingReads.get())
                .as("reads that started while one of %d replaces was being written (%d reads failed with an IOException): "
                        + "without them the race proves nothing", lastRound, failedReads.get())
                .isGreaterThanOrEqualTo(minOverlappingReads);
        assertThat(roundsSeen).as("the distinct values readers saw while the key was replaced").hasSizeGreaterThanOrEqualTo(2);
        byte[] last = storage.get(key).orElseThrow(() -> new AssertionError("the key vanished after the race"));
        assertThat(roundOf(last)).as("the round of the final value (the last written was %d)", lastRound).isEqualTo(lastRound);
    }

    private int writeUntilOverlapped(int minRounds, int minOverlappingReads) throws IOException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        int round = 0;
        while (violation.get() == null) {
            round++;
            latestRoundStarted = round;
            byte[] value = value(round);
            // Only reads that start while a put is under way count: between puts there is nothing to tear.
            writing = true;
            try {
                storage.put(key, value);
            } finally {
                writing = false;
            }
            boolean enough = round >= minRounds && overlappingReads.get() >= minOverlappingReads && roundsSeen.size() >= ROUNDS_SEEN;
            if (enough || System.nanoTime() - deadline > 0) {
                break;
            }
        }
        return round;
    }

    private void readUntilDone(Read read, boolean streamFailuresAllowed) {
        while (!done) {
            boolean duringWrites = writing;
            byte[] seen;
            try {
                seen = read.read();
            } catch (IOException e) {
                if (streamFailuresAllowed) {
                    failedReads.incrementAndGet();
                    continue;
                }
                violation.compareAndSet(null, new AssertionError("a read failed while the key was replaced", e));
                return;
            } catch (RuntimeException | Error e) {
                violation.compareAndSet(null, new AssertionError("a read failed while the key was replaced", e));
                return;
            }
            if (seen == null) {
                violation.compareAndSet(null, new AssertionError("the key vanished while it was replaced"));
                return;
            }
            int round = roundOf(seen);
            if (round < 0) {
                violation.compareAndSet(null, new AssertionError("a reader saw a value that is not one whole written value: " + describe(seen)));
                return;
            }
            roundsSeen.add(round);
            if (duringWrites) {
                overlappingReads.incrementAndGet();
            }
        }
    }

    private String describe(byte[] value) {
        long header = value.length < Long.BYTES ? -1 : ByteBuffer.wrap(value).getLong();
        int firstOther = -1;
        if (header >= 0 && header <= latestRoundStarted) {
            byte expected = fill((int) header);
            for (int i = Long.BYTES; i < value.length && firstOther < 0; i++) {
                if (value[i] != expected) {
                    firstOther = i;
                }
            }
        }
        return value.length + " bytes claiming round " + header + " (whose value has " + (header >= 0 && header <= latestRoundStarted
                ? size((int) header) : -1) + " bytes), first byte of another write at " + firstOther;
    }
}
