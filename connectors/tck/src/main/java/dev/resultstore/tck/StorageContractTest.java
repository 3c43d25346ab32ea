package dev.resultstore.tck;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import dev.resultstore.spi.BatchDeleteResult;
import dev.resultstore.spi.ConditionalStorage;
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
 *
 * <p>Besides {@link #createStorage()}, every storage implements {@link #createSecondInstance()},
 * {@link #makeUnreadable(String)}, {@link #makeUndeletable(String)} and
 * {@link #restoreDeletable(String)}: their defaults fail with a message saying what to do. A
 * storage that implements {@link ConditionalStorage} subclasses {@link ConditionalStorageContractTest}.
 * The module's README says what each test proves.
 */
public abstract class StorageContractTest {

    /** Every character a task id may contain. */
    protected static final String TASK_ID_CHARACTERS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:@-";

    private static final int KIB = 1024;

    /** Each capability interface a storage may implement, with the contract test that proves it. */
    private static final Map<Class<?>, Class<?>> CAPABILITY_CONTRACTS =
            Map.of(ConditionalStorage.class, ConditionalStorageContractTest.class);

    /** The storage under test: fresh and empty for each test, closed after it. */
    protected Storage storage;

    private Storage secondInstance;

    /**
     * A started, empty storage that no other test sees. Called once per test; the TCK closes it
     * after the test.
     */
    protected abstract Storage createStorage() throws Exception;

    /** The prefix keys are built with; the backend's default. */
    protected String keyPrefix() {
        return "celery-task-meta-";
    }

    /**
     * How far a listed last-modified time may be from this JVM's clock (clock skew, file-system
     * granularity), for the check that it is roughly "when the value was written".
     */
    protected Duration lastModifiedTolerance() {
        return Duration.ofMinutes(1);
    }

    /**
     * How coarse the storage's last-modified times are (1 s on many file systems and object
     * stores), including any offset between its clock and this JVM's. The last-modified test
     * waits a little longer than this between writes, so keep it honest and small.
     */
    protected Duration lastModifiedGranularity() {
        return Duration.ofSeconds(1);
    }

    /** The minimum number of replaces in the torn-read test (it goes on until reads overlapped them). */
    protected int concurrentReplaceRounds() {
        return 40;
    }

    /** A number of keys large enough to need more than one batch in {@link Storage#deleteAll}. */
    protected int largeDeleteCount() {
        return 300;
    }

    /**
     * A number of keys that needs several pages of the storage's listing (S3 and GCS list 1,000
     * keys a page; raise it if your storage's pages are larger).
     */
    protected int listingKeyCount() {
        return 3_000;
    }

    /**
     * Another started instance of the storage, on the same location as the one
     * {@link #createStorage()} returned for this test: what a second node or process would open.
     * The TCK checks that instances see each other's writes, and races conditional writes across
     * two instances (a lock inside one instance is not enough). The TCK closes it after the test
     * (unless it is {@link #storage} itself).
     *
     * <p>A storage whose data cannot be shared beyond one instance (memory of this JVM) returns
     * {@link #storage} itself, and says so in its documentation.
     */
    protected Storage createSecondInstance() throws Exception {
        throw new AssertionError(getClass().getName() + " must override createSecondInstance(): return a second started "
                + "instance of the storage on the same location as the one createStorage() returned (what another node "
                + "would open); the TCK checks that instances see each other's writes and races conditional writes across them");
    }

    /**
     * Makes the object stored under {@code key} impossible for this storage to read, while it
     * still exists and is still listed: remove the read permission, move it to an archive tier,
     * replace it with a value too large to read, or whatever the backend offers. The TCK checks
     * that {@link Storage#get} now fails, then that {@link Storage#list} still reports the key with
     * the size returned here: a list that opens values (to learn their size, or to filter them)
     * fails.
     *
     * <p>If the backend cannot make one object unreadable, override this to call
     * {@code org.junit.jupiter.api.Assumptions.abort("why")}: the test is then reported as
     * skipped, with the reason, and never as passed.
     *
     * @return the size {@link Storage#list} must report for the key from now on (the stored
     *         value's size, unless making it unreadable changed it)
     */
    protected long makeUnreadable(String key) throws Exception {
        throw new AssertionError(getClass().getName() + " must override makeUnreadable(key): make the stored object "
                + "unreadable for the storage while it stays listed (permission, archive tier, ...), or call "
                + "Assumptions.abort(\"why\") there if the backend has no way to");
    }

    /**
     * Makes {@code key} one that this storage's {@link Storage#delete} and {@link Storage#deleteAll}
     * fail to delete: a lease, a lock, a missing permission, a retention hold. The value may become
     * unreadable meanwhile. {@link #restoreDeletable(String)} undoes it, and the key must then hold
     * its value again. The TCK checks that {@code deleteAll} reports exactly these keys as
     * failures, deletes every other key and does not count the failures as deleted.
     *
     * <p>If the backend cannot refuse one delete, override this to call
     * {@code org.junit.jupiter.api.Assumptions.abort("why")} (reported as skipped, never as passed).
     */
    protected void makeUndeletable(String key) throws Exception {
        throw new AssertionError(getClass().getName() + " must override makeUndeletable(key) and restoreDeletable(key): "
                + "make one key impossible for the storage to delete (lease, lock, permission), or call "
                + "Assumptions.abort(\"why\") there if the backend has no way to");
    }

    /** Undoes {@link #makeUndeletable(String)}: the key holds its value again and can be deleted. */
    protected void restoreDeletable(String key) throws Exception {
        throw new AssertionError(getClass().getName() + " must override restoreDeletable(key) with makeUndeletable(key)");
    }

    /**
     * Tests of this contract that the backend under test cannot pass for a reason the connector
     * cannot change (an emulator that lacks what the real service does, a guarantee the service
     * itself does not give), by test method name, each with the reason. Each is reported as
     * skipped with its reason, never as passed, and its storage is not even created. A name that
     * is no test of this contract fails every test (so a renamed test cannot hide), and the
     * capability check cannot be waived. What the connector could fix is a bug, not a limitation:
     * list only what the backend truly cannot do, and say so in the connector's README.
     */
    protected Map<String, String> knownLimitations() {
        return Map.of();
    }

    @BeforeEach
    void createStorageUnderTest(TestInfo test) throws Exception {
        String reason = knownLimitation(test.getTestMethod().map(Method::getName).orElse(""));
        if (reason != null) {
            Assumptions.abort("known limitation of " + getClass().getSimpleName() + ": " + reason);
        }
        storage = createStorage();
        assertThat(storage).as("createStorage()").isNotNull();
    }

    @AfterEach
    void closeStorageUnderTest() throws Exception {
        try {
            if (secondInstance != null && secondInstance != storage) {
                secondInstance.close();
            }
        } finally {
            if (storage != null) {
                storage.close();
            }
        }
    }

    /** The reason {@link #knownLimitations()} gives for {@code testMethod}, or null; fails on a limitation that cannot be. */
    private String knownLimitation(String testMethod) {
        Map<String, String> limitations = knownLimitations();
        Set<String> tests = new HashSet<>();
        for (Class<?> type = getClass(); type != null; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Test.class)) {
                    tests.add(method.getName());
                }
            }
        }
        limitations.forEach((name, reason) -> {
            assertThat(tests).as("knownLimitations() of %s names %s: a test of this contract", getClass().getName(), name)
                    .contains(name);
            assertThat(name).as("knownLimitations() of %s: the capability check cannot be waived", getClass().getName())
                    .isNotEqualTo("eachCapabilityOfTheStorageIsTestedByItsContract");
            assertThat(reason).as("knownLimitations() of %s: the reason for %s", getClass().getName(), name).isNotBlank();
        });
        return limitations.get(testMethod);
    }

    /** The storage from {@link #createSecondInstance()}, created on first use in a test. */
    protected final Storage secondInstance() throws Exception {
        if (secondInstance == null) {
            secondInstance = createSecondInstance();
            assertThat(secondInstance).as("createSecondInstance()").isNotNull();
        }
        return secondInstance;
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
    void readersRacingReplacesSeeOnlyWholeValuesAndFinallyTheLastOne() throws Exception {
        ReplaceRace race = new ReplaceRace(storage, key("replaced-while-read"), 64 * KIB, 200 * KIB);
        race.run(() -> storage.get(key("replaced-while-read")).orElse(null), concurrentReplaceRounds(), 200, false);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void readersRacingReplacesOfMegabyteValuesSeeOnlyWholeValues() throws Exception {
        ReplaceRace race = new ReplaceRace(storage, key("large-replaced-while-read"), 3 * KIB * KIB + 5, 5 * KIB * KIB + 3);
        race.run(() -> storage.get(key("large-replaced-while-read")).orElse(null), 4, 10, false);
    }

    /** A stream may instead fail with an IOException when the value is replaced under it (the backend retries); it never delivers part. */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void streamsRacingReplacesOfMegabyteValuesDeliverOnlyWholeValues() throws Exception {
        String key = key("streamed-while-replaced");
        ReplaceRace race = new ReplaceRace(storage, key, 3 * KIB * KIB + 5, 5 * KIB * KIB + 3);
        race.run(() -> {
            Optional<InputStream> stream = storage.openStream(key);
            if (stream.isEmpty()) {
                return null;
            }
            try (InputStream in = stream.get()) {
                return in.readAllBytes();
            }
        }, 4, 10, true);
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

    // --- listing: many keys, no contents, last-modified ---

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void listingThousandsOfKeysReturnsEachKeyOnceWithItsExactSize() throws Exception {
        Map<String, Integer> expected = new ConcurrentHashMap<>();
        inParallel(listingKeyCount(), i -> {
            String key = key("page-" + i);
            storage.put(key, new byte[i % 97]);
            expected.put(key, i % 97);
        });
        storage.put(key("pag"), utf8("shorter than the prefix"));
        storage.put("other-prefix-page-1", utf8("x"));

        List<StoredObject> listed = listed(key("page-"));

        assertThat(listed).as("listed objects").hasSize(expected.size());
        Map<String, Long> sizes = listed.stream().collect(Collectors.toMap(StoredObject::key, StoredObject::size));
        assertThat(sizes.keySet()).as("listed keys").isEqualTo(expected.keySet());
        assertThat(sizes).allSatisfy((key, size) -> assertThat(size).as("size of %s", key).isEqualTo(expected.get(key).longValue()));
    }

    /** Proves that list learns sizes from metadata: it lists a key whose value the storage cannot read. */
    @Test
    void listReportsKeysAndSizesWithoutReadingValues() throws Exception {
        storage.put(key("readable"), utf8("abc"));
        storage.put(key("unreadable"), new byte[1000]);

        long size = makeUnreadable(key("unreadable"));

        assertThat(catchThrowable(() -> storage.get(key("unreadable"))))
                .as("what get threw after makeUnreadable(key): the hook must make the value unreadable for the storage")
                .isNotNull();
        Map<String, Long> sizes;
        try {
            sizes = listed(keyPrefix()).stream().collect(Collectors.toMap(StoredObject::key, StoredObject::size));
        } catch (OutOfMemoryError e) {
            // A value too large for an array (one way to be unreadable): fail this test, rather than JUnit aborting the run.
            throw new AssertionError("list ran out of memory: it read the unreadable value", e);
        }
        assertThat(sizes).containsOnlyKeys(key("readable"), key("unreadable"))
                .containsEntry(key("readable"), 3L)
                .containsEntry(key("unreadable"), size);
    }

    /**
     * Last-modified is the time of the latest write: later for a later write, moved by a replace,
     * and not the time of listing (a value from an earlier put, or {@code now()}, fails).
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void lastModifiedIsTheTimeOfTheLatestWrite() throws Exception {
        Duration granularity = lastModifiedGranularity();
        Duration gap = granularity.plus(granularity.dividedBy(4)).plusMillis(20);
        storage.put(key("a"), utf8("a"));
        Instant afterA = Instant.now();
        Instant beforeB = awaitClockPast(afterA.plus(gap));
        storage.put(key("b"), utf8("b"));

        Map<String, Instant> first = lastModifiedTimes();
        assertThat(first.get(key("b"))).as("lastModified of b, written after %s", beforeB)
                .isAfterOrEqualTo(beforeB.minus(granularity));
        assertThat(first.get(key("a"))).as("lastModified of a, written more than %s before b", granularity)
                .isBefore(first.get(key("b")));

        Instant beforeA2 = awaitClockPast(Instant.now().plus(gap));
        Map<String, Instant> later = lastModifiedTimes();
        assertThat(later).as("last-modified times listed again later: the times of the writes, not of the listing").isEqualTo(first);

        storage.put(key("a"), utf8("a2"));
        Map<String, Instant> afterReplace = lastModifiedTimes();
        assertThat(afterReplace.get(key("a"))).as("lastModified of a after it was replaced at %s", beforeA2)
                .isAfterOrEqualTo(beforeA2.minus(granularity))
                .isAfter(first.get(key("b")));
        assertThat(afterReplace.get(key("b"))).as("lastModified of b, not written again").isEqualTo(first.get(key("b")));
    }

    private Map<String, Instant> lastModifiedTimes() throws IOException {
        return listed(keyPrefix()).stream().collect(Collectors.toMap(StoredObject::key, StoredObject::lastModified));
    }

    /** Waits until this JVM's clock has passed {@code instant} (with a deadline), and returns the time then. */
    private static Instant awaitClockPast(Instant instant) {
        Instant deadline = instant.plusSeconds(60);
        Instant now;
        while (!(now = Instant.now()).isAfter(instant)) {
            assertThat(now).as("the clock reached %s", instant).isBefore(deadline);
            // Waiting for the clock is the condition itself: park until it is due.
            LockSupport.parkNanos(Math.max(1_000, Duration.between(now, instant).toNanos()));
        }
        return now;
    }

    // --- deleteAll with failures ---

    @Test
    void deleteAllReportsExactlyTheKeysItCouldNotDeleteAndDeletesTheRest() throws Exception {
        List<String> undeletable = List.of(key("stuck-first"), key("stuck-middle"), key("stuck-last"));
        List<String> deletable = IntStream.range(0, 7).mapToObj(i -> key("free-" + i)).toList();
        List<String> absent = List.of(key("absent-1"), key("absent-2"));
        for (String key : undeletable) {
            storage.put(key, utf8("value of " + key));
        }
        for (String key : deletable) {
            storage.put(key, utf8("value of " + key));
        }
        // Failures first, in the middle and last: a deleteAll that stops at the first failure deletes nothing.
        List<String> request = new ArrayList<>();
        request.add(undeletable.get(0));
        request.addAll(deletable.subList(0, 3));
        request.add(absent.get(0));
        request.add(undeletable.get(1));
        request.addAll(deletable.subList(3, 7));
        request.add(absent.get(1));
        request.add(undeletable.get(2));

        BatchDeleteResult result;
        List<String> madeUndeletable = new ArrayList<>();
        try {
            for (String key : undeletable) {
                makeUndeletable(key);
                madeUndeletable.add(key);
            }
            result = storage.deleteAll(request);
        } finally {
            for (String key : madeUndeletable) {
                restoreDeletable(key);
            }
        }

        assertThat(result.failures()).as("failures").containsOnlyKeys(undeletable);
        assertThat(result.failures().values()).as("the exception of each failure").doesNotContainNull();
        assertThat(result.deleted()).as("deleted (absent keys and failures are not counted)").isEqualTo(deletable.size());
        for (String key : deletable) {
            assertThat(storage.get(key)).as("%s after deleteAll", key).isEmpty();
        }
        for (String key : undeletable) {
            assertThat(text(storage.get(key))).as("%s, which could not be deleted", key).isEqualTo("value of " + key);
        }
        assertThat(listedKeys(keyPrefix())).containsExactlyInAnyOrderElementsOf(undeletable);
    }

    @Test
    void deleteAllOfOnlyAbsentKeysDeletesNothingAndFailsNothing() throws IOException {
        storage.put(key("kept"), utf8("x"));

        BatchDeleteResult result = storage.deleteAll(List.of(key("absent-1"), key("absent-2")));

        assertThat(result.deleted()).isZero();
        assertThat(result.failures()).isEmpty();
        assertThat(listedKeys(keyPrefix())).containsExactly(key("kept"));
    }

    // --- instances and close ---

    @Test
    void aSecondInstanceOnTheSameLocationSeesWhatTheFirstWroteAndDeleted() throws Exception {
        Storage second = secondInstance();

        storage.put(key("shared"), utf8("from the first"));
        assertThat(text(second.get(key("shared")))).as("read through the second instance").isEqualTo("from the first");
        assertThat(listedKeys(second, keyPrefix())).as("listed by the second instance").containsExactly(key("shared"));

        second.put(key("shared"), utf8("from the second"));
        assertThat(text(storage.get(key("shared")))).as("read through the first instance").isEqualTo("from the second");

        assertThat(second.delete(key("shared"))).as("delete through the second instance").isTrue();
        assertThat(storage.get(key("shared"))).as("read through the first instance after the delete").isEmpty();
        assertThat(storage.delete(key("shared"))).as("delete through the first instance after the delete").isFalse();
    }

    @Test
    void closingTwiceIsSafe() {
        assertThatCode(storage::close).as("first close").doesNotThrowAnyException();
        assertThatCode(storage::close).as("second close").doesNotThrowAnyException();
    }

    @Test
    void valuesOutliveTheInstanceThatWroteThem() throws Exception {
        storage.put(key("kept"), utf8("written before close"));
        storage.close();

        assertThat(text(secondInstance().get(key("kept")))).isEqualTo("written before close");
    }

    // --- capabilities ---

    /** A storage cannot skip a capability's contract by subclassing a weaker contract test. */
    @Test
    void eachCapabilityOfTheStorageIsTestedByItsContract() {
        CAPABILITY_CONTRACTS.forEach((capability, contract) -> {
            if (capability.isInstance(storage)) {
                assertThat(contract.isInstance(this))
                        .as("%s implements %s: its TCK test %s must extend %s", storage.getClass().getName(),
                                capability.getSimpleName(), getClass().getName(), contract.getSimpleName())
                        .isTrue();
            }
        });
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
        return listedKeys(storage, prefix);
    }

    private static List<String> listedKeys(Storage storage, String prefix) throws IOException {
        try (Stream<StoredObject> objects = storage.list(prefix)) {
            return objects.map(StoredObject::key).toList();
        }
    }

    interface IndexedWrite {
        void write(int index) throws Exception;
    }

    /** Runs {@code write} for 0..count-1 on 8 threads, as a busy application would. */
    private static void inParallel(int count, IndexedWrite write) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    write.write(index);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
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

    /** Compares without printing megabytes when the arrays differ. */
    private static void assertSameBytes(byte[] actual, byte[] expected) {
        assertThat(actual.length).as("length").isEqualTo(expected.length);
        int mismatch = Arrays.mismatch(actual, expected);
        assertThat(mismatch).as("index of the first differing byte").isEqualTo(-1);
    }
}
