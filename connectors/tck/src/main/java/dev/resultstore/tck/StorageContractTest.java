package dev.resultstore.tck;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.resultstore.spi.BatchDeleteResult;
import dev.resultstore.spi.Storage;
import dev.resultstore.spi.StoredObject;

/**
 * The contract every {@link Storage} passes. A connector's test subclasses it and implements
 * {@link #createStorage()}; the other hooks have defaults that suit most storages.
 *
 * <pre>{@code
 * class MyStorageTest extends StorageContractTest {
 *     @Override
 *     protected Storage createStorage() throws Exception {
 *         MyStorage storage = new MyStorage(freshLocation());
 *         storage.start();
 *         return storage;
 *     }
 * }
 * }</pre>
 *
 * Keys are built the way the backend builds them: {@link #keyPrefix()} followed by a task id of
 * 1–255 characters from {@code [A-Za-z0-9._:@-]}.
 */
public abstract class StorageContractTest {

    /** Every character a task id may contain. */
    protected static final String TASK_ID_CHARACTERS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:@-";

    private static final int KIB = 1024;

    /** The storage under test: fresh and empty for each test, closed after it. */
    protected Storage storage;

    /**
     * A started, empty storage that no other test sees. Called once per test; the TCK closes it
     * after the test.
     */
    protected abstract Storage createStorage() throws Exception;

    /** The prefix keys are built with; the backend's default. */
    protected String keyPrefix() {
        return "celery-task-meta-";
    }

    /** How far a listed last-modified time may be from this JVM's clock (file-system granularity, clock skew). */
    protected Duration lastModifiedTolerance() {
        return Duration.ofMinutes(1);
    }

    /** How many times the torn-read test replaces the value while readers read it. */
    protected int concurrentReplaceRounds() {
        return 40;
    }

    /** A number of keys large enough to need more than one batch in {@link Storage#deleteAll}. */
    protected int largeDeleteCount() {
        return 300;
    }

    @BeforeEach
    void createStorageUnderTest() throws Exception {
        storage = createStorage();
        assertThat(storage).as("createStorage()").isNotNull();
    }

    @AfterEach
    void closeStorageUnderTest() throws Exception {
        if (storage != null) {
            storage.close();
        }
    }

    /** The key of {@code taskId}. */
    protected String key(String taskId) {
        return keyPrefix() + taskId;
    }

    // --- put, get, replace, delete ---

    @Test
    void aStoredValueIsReturned() throws IOException {
        storage.put(key("t1"), utf8("{\"status\": \"SUCCESS\"}"));

        assertThat(storage.get(key("t1"))).hasValueSatisfying(value -> assertThat(value).isEqualTo(utf8("{\"status\": \"SUCCESS\"}")));
    }

    @Test
    void replacingAValueReturnsTheNewOne() throws IOException {
        storage.put(key("t1"), utf8("a first value that is longer than the second"));
        storage.put(key("t1"), utf8("second"));

        assertThat(text(storage.get(key("t1")))).isEqualTo("second");
    }

    @Test
    void aMissingKeyGivesEmpty() throws IOException {
        assertThat(storage.get(key("never-stored"))).isEmpty();
    }

    @Test
    void deleteIsIdempotent() throws IOException {
        storage.put(key("t1"), utf8("x"));

        assertThat(storage.delete(key("t1"))).as("first delete").isTrue();
        assertThat(storage.delete(key("t1"))).as("second delete").isFalse();
        assertThat(storage.get(key("t1"))).isEmpty();
    }

    @Test
    void deletingAKeyThatWasNeverStoredReturnsFalse() throws IOException {
        assertThat(storage.delete(key("never-stored"))).isFalse();
    }

    @Test
    void deletingOneKeyLeavesTheOthers() throws IOException {
        storage.put(key("t1"), utf8("one"));
        storage.put(key("t2"), utf8("two"));

        storage.delete(key("t1"));

        assertThat(text(storage.get(key("t2")))).isEqualTo("two");
    }

    @Test
    void aDeletedKeyCanBeStoredAgain() throws IOException {
        storage.put(key("t1"), utf8("old"));
        storage.delete(key("t1"));
        storage.put(key("t1"), utf8("new"));

        assertThat(text(storage.get(key("t1")))).isEqualTo("new");
    }

    @Test
    void changingAnArrayAfterPutOrGetDoesNotChangeTheStoredValue() throws IOException {
        byte[] stored = utf8("value");
        storage.put(key("t1"), stored);
        stored[0] = 'X';
        storage.get(key("t1")).orElseThrow()[1] = 'Y';

        assertThat(text(storage.get(key("t1")))).isEqualTo("value");
    }

    // --- value sizes ---

    @Test
    void anEmptyValueRoundTrips() throws IOException {
        assertRoundTrips(0);
    }

    @Test
    void aOneByteValueRoundTrips() throws IOException {
        assertRoundTrips(1);
    }

    @Test
    void aHundredKilobyteValueRoundTripsByteExact() throws IOException {
        assertRoundTrips(100 * KIB);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aTenMegabyteValueRoundTripsByteExact() throws IOException {
        assertRoundTrips(10 * KIB * KIB);
    }

    private void assertRoundTrips(int size) throws IOException {
        byte[] value = randomBytes(size, size);
        storage.put(key("sized-" + size), value);

        assertSameBytes(storage.get(key("sized-" + size)).orElseThrow(), value);
        assertThat(listed(keyPrefix() + "sized-" + size)).singleElement()
                .satisfies(object -> assertThat(object.size()).isEqualTo(size));
    }

    // --- keys ---

    @Test
    void everyAllowedTaskIdCharacterCanBeUsedInAKey() throws IOException {
        assertKeysWork(List.of(TASK_ID_CHARACTERS));
    }

    @Test
    void taskIdsWithDotsColonsAtsAndDashesCanBeUsedInKeys() throws IOException {
        assertKeysWork(List.of("a.b", "x:y@z", "a..b", "...a", "a.", "-", "_", "@", ":", "-a-", "1.0",
                "user@example.com:42", "5c1f2f0e-8a3b-4d1c-9e77-0b3c2a1d9f10"));
    }

    @Test
    void twoHundredFiftyFiveCharacterTaskIdsCanBeUsedInKeys() throws IOException {
        String cycling = IntStream.range(0, 255)
                .mapToObj(i -> String.valueOf(TASK_ID_CHARACTERS.charAt(i % TASK_ID_CHARACTERS.length())))
                .collect(Collectors.joining());
        assertKeysWork(List.of(cycling, "z".repeat(255)));
    }

    @Test
    void keysThatDifferOnlyInCaseAreDistinct() throws IOException {
        storage.put(key("Task-A"), utf8("upper"));
        storage.put(key("task-a"), utf8("lower"));

        assertThat(text(storage.get(key("Task-A")))).isEqualTo("upper");
        assertThat(text(storage.get(key("task-a")))).isEqualTo("lower");
    }

    private void assertKeysWork(List<String> taskIds) throws IOException {
        for (String id : taskIds) {
            storage.put(key(id), utf8("value of " + id));
        }
        for (String id : taskIds) {
            assertThat(text(storage.get(key(id)))).as("value of %s", key(id)).isEqualTo("value of " + id);
        }
        assertThat(listedKeys(keyPrefix())).containsExactlyInAnyOrderElementsOf(taskIds.stream().map(this::key).toList());
        for (String id : taskIds) {
            assertThat(storage.delete(key(id))).as("delete %s", key(id)).isTrue();
        }
        assertThat(listedKeys(keyPrefix())).isEmpty();
    }

    // --- list ---

    @Test
    void listReturnsOnlyTheKeysWithThePrefixWithTheirSizeAndLastModifiedTime() throws IOException {
        Instant before = Instant.now();
        storage.put(key("1"), utf8("abc"));
        storage.put(key("2"), utf8("abcde"));
        storage.put("other-prefix-1", utf8("x"));
        storage.put(keyPrefix().substring(0, keyPrefix().length() - 1), utf8("x"));
        Instant after = Instant.now();

        Map<String, StoredObject> listed = listed(keyPrefix()).stream()
                .collect(Collectors.toMap(StoredObject::key, Function.identity()));

        assertThat(listed).containsOnlyKeys(key("1"), key("2"));
        assertThat(listed.get(key("1")).size()).isEqualTo(3);
        assertThat(listed.get(key("2")).size()).isEqualTo(5);
        for (StoredObject object : listed.values()) {
            assertThat(object.lastModified()).as("lastModified of %s", object.key())
                    .isBetween(before.minus(lastModifiedTolerance()), after.plus(lastModifiedTolerance()));
        }
    }

    @Test
    void listDistinguishesKeysThatArePrefixesOfEachOther() throws IOException {
        for (String id : List.of("a", "ab", "abc", "b")) {
            storage.put(key(id), utf8(id));
        }

        assertThat(listedKeys(key("ab"))).containsExactlyInAnyOrder(key("ab"), key("abc"));
    }

    @Test
    void listOfAPrefixWithoutKeysIsEmpty() throws IOException {
        storage.put("other-prefix-1", utf8("x"));

        assertThat(listed(keyPrefix())).isEmpty();
    }

    @Test
    void listWithAnEmptyPrefixReturnsEveryKeyOfThisStorage() throws IOException {
        storage.put(key("1"), utf8("x"));
        storage.put("other-prefix-1", utf8("y"));

        assertThat(listedKeys("")).containsExactlyInAnyOrder(key("1"), "other-prefix-1");
    }

    @Test
    void listShowsTheSizeOfTheLatestValueAndNoDeletedKeys() throws IOException {
        storage.put(key("grows"), utf8("1"));
        storage.put(key("grows"), utf8("12345678"));
        storage.put(key("gone"), utf8("x"));
        storage.delete(key("gone"));

        assertThat(listed(keyPrefix())).singleElement().satisfies(object -> {
            assertThat(object.key()).isEqualTo(key("grows"));
            assertThat(object.size()).isEqualTo(8);
        });
    }

    // --- deleteAll ---

    @Test
    void deleteAllCountsThePresentKeysAndIgnoresAbsentOnes() throws IOException {
        for (String id : List.of("1", "2", "3", "kept")) {
            storage.put(key(id), utf8(id));
        }

        BatchDeleteResult result = storage.deleteAll(List.of(key("1"), key("absent-1"), key("2"), key("3"), key("absent-2")));

        assertThat(result.deleted()).isEqualTo(3);
        assertThat(result.failures()).isEmpty();
        assertThat(listedKeys(keyPrefix())).containsExactly(key("kept"));
    }

    @Test
    void deleteAllOfNoKeysDeletesNothing() throws IOException {
        storage.put(key("kept"), utf8("x"));

        BatchDeleteResult result = storage.deleteAll(List.of());

        assertThat(result.deleted()).isZero();
        assertThat(result.failures()).isEmpty();
        assertThat(storage.get(key("kept"))).isPresent();
    }

    @Test
    void deleteAllDeletesKeysWithEveryAllowedCharacter() throws IOException {
        List<String> keys = Stream.of(TASK_ID_CHARACTERS, "a.b", "x:y@z", "user@example.com:42", "-", "z".repeat(255))
                .map(this::key).toList();
        for (String key : keys) {
            storage.put(key, utf8(key));
        }

        BatchDeleteResult result = storage.deleteAll(keys);

        assertThat(result.failures()).isEmpty();
        assertThat(result.deleted()).isEqualTo(keys.size());
        assertThat(listed(keyPrefix())).isEmpty();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void deleteAllDeletesMoreKeysThanFitInOneBatch() throws IOException {
        List<String> keys = IntStream.range(0, largeDeleteCount()).mapToObj(i -> key("bulk-" + i)).toList();
        for (String key : keys) {
            storage.put(key, utf8(key));
        }

        BatchDeleteResult result = storage.deleteAll(keys);

        assertThat(result.deleted()).isEqualTo(keys.size());
        assertThat(result.failures()).isEmpty();
        assertThat(listed(keyPrefix())).isEmpty();
    }

    // --- atomic replace under concurrent reads ---

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void concurrentReadersNeverSeeAPartialValueWhileItIsReplaced() throws Exception {
        byte[] small = filled('a', 64 * KIB);
        byte[] large = filled('b', 200 * KIB);
        String key = key("replaced-while-read");
        storage.put(key, small);

        int readers = 3;
        ExecutorService pool = Executors.newFixedThreadPool(readers + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            Future<?> writer = pool.submit(() -> {
                try {
                    for (int round = 0; round < concurrentReplaceRounds(); round++) {
                        storage.put(key, round % 2 == 0 ? large : small);
                    }
                } finally {
                    writing.set(false);
                }
                return null;
            });
            List<Future<Integer>> reads = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                reads.add(pool.submit(() -> {
                    int count = 0;
                    do {
                        byte[] seen = storage.get(key).orElseThrow(() -> new AssertionError("value vanished while replaced"));
                        if (!Arrays.equals(seen, small) && !Arrays.equals(seen, large)) {
                            fail("a reader saw a partial or mixed value: " + describe(seen));
                        }
                        count++;
                    } while (writing.get());
                    return count;
                }));
            }
            writer.get();
            for (Future<Integer> read : reads) {
                assertThat(read.get()).isPositive();
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    // --- streaming ---

    @Test
    void aLargeValueStreamsBack() throws IOException {
        byte[] value = randomBytes(3 * KIB * KIB + 17, 7);
        storage.put(key("streamed"), value);

        try (InputStream in = storage.openStream(key("streamed")).orElseThrow()) {
            assertSameBytes(in.readAllBytes(), value);
        }
        assertSameBytes(storage.get(key("streamed")).orElseThrow(), value);
    }

    @Test
    void openStreamOfAMissingKeyIsEmpty() throws IOException {
        Optional<InputStream> stream = storage.openStream(key("never-stored"));
        try {
            assertThat(stream).isEmpty();
        } finally {
            if (stream.isPresent()) {
                stream.get().close();
            }
        }
    }

    // --- helpers ---

    /** Everything {@link Storage#list} returns for {@code prefix}, with the stream closed. */
    protected List<StoredObject> listed(String prefix) throws IOException {
        try (Stream<StoredObject> objects = storage.list(prefix)) {
            return objects.toList();
        }
    }

    /** The keys {@link Storage#list} returns for {@code prefix}. */
    protected List<String> listedKeys(String prefix) throws IOException {
        return listed(prefix).stream().map(StoredObject::key).toList();
    }

    protected static byte[] utf8(String text) {
        return text.getBytes(UTF_8);
    }

    protected static String text(Optional<byte[]> value) {
        assertThat(value).as("stored value").isPresent();
        return new String(value.get(), UTF_8);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] filled(char c, int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    /** Compares without printing megabytes when the arrays differ. */
    private static void assertSameBytes(byte[] actual, byte[] expected) {
        assertThat(actual.length).as("length").isEqualTo(expected.length);
        int mismatch = Arrays.mismatch(actual, expected);
        assertThat(mismatch).as("index of the first differing byte").isEqualTo(-1);
    }

    private static String describe(byte[] value) {
        long as = IntStream.range(0, value.length).filter(i -> value[i] == 'a').count();
        long bs = IntStream.range(0, value.length).filter(i -> value[i] == 'b').count();
        return value.length + " bytes: " + as + " 'a', " + bs + " 'b', " + (value.length - as - bs) + " other";
    }
}
