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
import dev.resultstore.spi.Storage;
import dev.resultstore.spi.Versioned;

/**
 * The contract of a storage with conditional writes (a {@link ConditionalStorage}):
 * everything {@link StorageContractTest} checks, plus versioned reads and compare-and-set writes.
 * The backend relies on them to keep a ready state from being replaced by a late non-ready one,
 * across nodes, so the races run across two instances ({@link #createSecondInstance()} is
 * required here) and versions must identify writes, not contents.
 */
public abstract class ConditionalStorageContractTest extends StorageContractTest {

    private static final int RACE_WRITERS = 8;
    private static final int RACE_ROUNDS = 50;

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

    /** The second instance ({@link #createSecondInstance()}), as the conditional storage it is. */
    protected ConditionalStorage conditionalSecondInstance() throws Exception {
        Storage second = secondInstance();
        assertThat(second).as("createSecondInstance() of a conditional storage").isInstanceOf(ConditionalStorage.class);
        return (ConditionalStorage) second;
    }

    @Test
    void aVersionDoesNotMatchAfterTheKeyIsDeletedAndTheSameBytesStoredAgain() throws IOException {
        storage.put(key("t1"), utf8("same"));
        String before = conditional().getVersioned(key("t1")).orElseThrow().version();
        storage.delete(key("t1"));
        assertThat(conditional().putIfAbsent(key("t1"), utf8("same"))).as("create again after the delete").isTrue();

        assertThat(conditional().putIfVersion(key("t1"), utf8("late"), before))
                .as("replace with the version from before the delete (a content hash would match)").isFalse();
        assertThat(text(storage.get(key("t1")))).isEqualTo("same");
    }

    @Test
    void aVersionDoesNotMatchAfterTheSameBytesAreWrittenAgain() throws IOException {
        storage.put(key("t1"), utf8("same"));
        String before = conditional().getVersioned(key("t1")).orElseThrow().version();
        storage.put(key("t1"), utf8("same"));

        assertThat(conditional().putIfVersion(key("t1"), utf8("late"), before))
                .as("replace with the version from before the second write of the same bytes").isFalse();
        assertThat(text(storage.get(key("t1")))).isEqualTo("same");
    }

    @Test
    void aVersionReadThroughOneInstanceIsHonouredByTheOther() throws Exception {
        ConditionalStorage second = conditionalSecondInstance();
        storage.put(key("t1"), utf8("v1"));
        String version = conditional().getVersioned(key("t1")).orElseThrow().version();

        assertThat(second.putIfVersion(key("t1"), utf8("v2"), version)).as("replace through the second instance").isTrue();
        assertThat(conditional().putIfVersion(key("t1"), utf8("v3"), version)).as("replace through the first with the same version").isFalse();
        assertThat(second.putIfAbsent(key("t1"), utf8("v4"))).as("create through the second while present").isFalse();
        assertThat(text(storage.get(key("t1")))).isEqualTo("v2");
    }

    /**
     * Many writers on two instances of one location (two nodes) race each round: to create a key,
     * or to replace it from the same version. Exactly one wins each round, and its value is the
     * one stored. A check-then-put, or a lock that only one instance knows, lets two win.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void exactlyOneOfManyWritersOnTwoInstancesWinsEachRound() throws Exception {
        ConditionalStorage[] instances = {conditional(), conditionalSecondInstance()};
        ExecutorService pool = Executors.newFixedThreadPool(RACE_WRITERS);
        try {
            for (int round = 0; round < RACE_ROUNDS; round++) {
                String key = key("race-" + round);
                String expected = null;
                if (round % 2 == 1) { // odd rounds race to replace, even rounds race to create
                    instances[0].put(key, utf8("initial"));
                    expected = instances[1].getVersioned(key).orElseThrow().version();
                }
                List<Boolean> outcomes = race(pool, instances, round, key, expected);

                assertThat(outcomes).as("round %d (%s): who won", round, expected == null ? "create" : "replace").containsOnlyOnce(true);
                String winner = "round-" + round + "-writer-" + outcomes.indexOf(true);
                for (ConditionalStorage instance : instances) {
                    Versioned stored = instance.getVersioned(key).orElseThrow();
                    assertThat(new String(stored.value(), UTF_8)).as("round %d: stored value", round).isEqualTo(winner);
                    assertThat(stored.version()).as("round %d: version after the replace", round).isNotEqualTo(expected);
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private List<Boolean> race(ExecutorService pool, ConditionalStorage[] instances, int round, String key, String expectedVersion)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> futures = new ArrayList<>();
        for (int w = 0; w < RACE_WRITERS; w++) {
            ConditionalStorage instance = instances[w % instances.length];
            byte[] value = utf8("round-" + round + "-writer-" + w);
            Callable<Boolean> write = () -> {
                start.await();
                return expectedVersion == null ? instance.putIfAbsent(key, value) : instance.putIfVersion(key, value, expectedVersion);
            };
            futures.add(pool.submit(write));
        }
        start.countDown();
        List<Boolean> outcomes = new ArrayList<>();
        for (Future<Boolean> future : futures) {
            outcomes.add(future.get(2, TimeUnit.MINUTES));
        }
        return outcomes;
    }
}
