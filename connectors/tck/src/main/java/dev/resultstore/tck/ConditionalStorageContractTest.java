package dev.resultstore.tck;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.resultstore.spi.ConditionalStorage;
import dev.resultstore.spi.Versioned;

/**
 * The contract of a storage with conditional writes (a {@link ConditionalStorage}):
 * everything {@link StorageContractTest} checks, plus versioned reads and compare-and-set writes.
 * The backend relies on them to keep a ready state from being replaced by a late non-ready one,
 * across nodes.
 */
public abstract class ConditionalStorageContractTest extends StorageContractTest {

    /** The storage under test, as the conditional storage it is. */
    protected ConditionalStorage conditional() {
        assertThat(storage).as("a storage tested for conditional writes implements ConditionalStorage")
                .isInstanceOf(ConditionalStorage.class);
        return (ConditionalStorage) storage;
    }

    @Test
    void getVersionedOfAMissingKeyIsEmpty() throws IOException {
        assertThat(conditional().getVersioned(key("never-stored"))).isEmpty();
    }

    @Test
    void getVersionedReturnsTheValueAndAVersion() throws IOException {
        storage.put(key("t1"), utf8("v1"));

        Versioned versioned = conditional().getVersioned(key("t1")).orElseThrow();

        assertThat(new String(versioned.value(), UTF_8)).isEqualTo("v1");
        assertThat(versioned.version()).isNotBlank();
    }

    @Test
    void conditionalCreateSucceedsOnlyWhileTheKeyIsAbsent() throws IOException {

        assertThat(conditional().putIfAbsent(key("t1"), utf8("first"))).as("create while absent").isTrue();
        assertThat(conditional().putIfAbsent(key("t1"), utf8("second"))).as("create while present").isFalse();
        assertThat(text(storage.get(key("t1")))).isEqualTo("first");
    }

    @Test
    void conditionalReplaceWithTheCurrentVersionSucceeds() throws IOException {
        storage.put(key("t1"), utf8("v1"));
        String current = conditional().getVersioned(key("t1")).orElseThrow().version();

        assertThat(conditional().putIfVersion(key("t1"), utf8("v2"), current)).isTrue();
        assertThat(text(storage.get(key("t1")))).isEqualTo("v2");
    }

    @Test
    void conditionalReplaceWithAStaleVersionFailsAndLeavesTheValueUnchanged() throws IOException {
        storage.put(key("t1"), utf8("v1"));
        String stale = conditional().getVersioned(key("t1")).orElseThrow().version();
        storage.put(key("t1"), utf8("v2"));

        assertThat(conditional().putIfVersion(key("t1"), utf8("v3"), stale)).isFalse();
        assertThat(text(storage.get(key("t1")))).isEqualTo("v2");
    }

    @Test
    void aVersionCanBeUsedForOneReplaceOnly() throws IOException {
        storage.put(key("t1"), utf8("v1"));
        String version = conditional().getVersioned(key("t1")).orElseThrow().version();

        assertThat(conditional().putIfVersion(key("t1"), utf8("v2"), version)).as("first replace").isTrue();
        assertThat(conditional().putIfVersion(key("t1"), utf8("v3"), version)).as("second replace with the same version").isFalse();
        assertThat(conditional().getVersioned(key("t1")).orElseThrow().version()).isNotEqualTo(version);
        assertThat(text(storage.get(key("t1")))).isEqualTo("v2");
    }

    @Test
    void conditionalReplaceOfADeletedKeyFails() throws IOException {
        storage.put(key("t1"), utf8("v1"));
        String version = conditional().getVersioned(key("t1")).orElseThrow().version();
        storage.delete(key("t1"));

        assertThat(conditional().putIfVersion(key("t1"), utf8("v2"), version)).isFalse();
        assertThat(storage.get(key("t1"))).isEmpty();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void exactlyOneOfManyConcurrentConditionalWritersWins() throws Exception {
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 10; round++) {
                String key = key("race-" + round);
                String expected = null;
                if (round % 2 == 1) { // odd rounds race to replace, even rounds race to create
                    storage.put(key, utf8("initial"));
                    expected = conditional().getVersioned(key).orElseThrow().version();
                }
                List<Boolean> outcomes = race(pool, writers, key, expected);

                assertThat(outcomes).as("round %d: who won", round).containsOnlyOnce(true);
                String winner = "writer-" + outcomes.indexOf(true);
                assertThat(text(storage.get(key))).as("round %d: stored value", round).isEqualTo(winner);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private List<Boolean> race(ExecutorService pool, int writers, String key, String expectedVersion) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            byte[] value = utf8("writer-" + w);
            Callable<Boolean> write = () -> {
                start.await();
                return expectedVersion == null ? conditional().putIfAbsent(key, value) : conditional().putIfVersion(key, value, expectedVersion);
            };
            futures.add(pool.submit(write));
        }
        start.countDown();
        List<Boolean> outcomes = new ArrayList<>();
        for (Future<Boolean> future : futures) {
            outcomes.add(future.get());
        }
        return outcomes;
    }
}
