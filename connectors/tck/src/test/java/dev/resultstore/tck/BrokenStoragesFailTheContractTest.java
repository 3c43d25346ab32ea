package dev.resultstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import dev.resultstore.spi.BatchDeleteResult;
import dev.resultstore.spi.Storage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.spi.Versioned;

/**
 * Each storage here is the reference storage with one deliberate fault; the TCK must fail it in
 * the test that names the fault (run through the JUnit Platform test kit, so the failures are
 * inspected instead of failing this build). The contract classes below are nested so that
 * Surefire does not pick them up, and {@link Broken} disables them anywhere else.
 */
class BrokenStoragesFailTheContractTest {

    private static final String TEST_KIT_RUN = "resultstore.tck.broken-storages";

    /** Runs a contract class only when this test runs it through the test kit. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @ExtendWith(OnlyThroughTheTestKit.class)
    @interface Broken {
    }

    static final class OnlyThroughTheTestKit implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(TEST_KIT_RUN).isPresent()
                    ? ConditionEvaluationResult.enabled("run by BrokenStoragesFailTheContractTest")
                    : ConditionEvaluationResult.disabled("a deliberately broken storage: BrokenStoragesFailTheContractTest runs it");
        }
    }

    // --- atomic replace ---

    /**
     * Publishes the new value before filling it in, 4 KiB at a time with the processor given up
     * in between, as an in-place file write does (a write call per buffer).
     */
    @Broken
    static class TornWrites extends ReferenceStorageContractTest {
        @Override
        ReferenceStorage open(ReferenceStorage.Location location) {
            return new ReferenceStorage(location) {
                @Override
                public void put(String key, byte[] value) {
                    byte[] target = new byte[value.length];
                    location.entries.put(key, entry(target)); // entry() copies: publish the shared array itself
                    location.entries.computeIfPresent(key, (k, e) -> new Entry(target, e.version(), e.lastModified()));
                    for (int from = 0; from < value.length; from += 4096) {
                        System.arraycopy(value, from, target, from, Math.min(4096, value.length - from));
                        Thread.yield();
                    }
                }
            };
        }
    }

    @Test
    void valuesPublishedBeforeTheyAreCompleteFailTheTornReadTests() {
        assertFails(TornWrites.class, "readersRacingReplacesSeeOnlyWholeValuesAndFinallyTheLastOne",
                "readersRacingReplacesOfMegabyteValuesSeeOnlyWholeValues", "streamsRacingReplacesOfMegabyteValuesDeliverOnlyWholeValues");
    }

    // --- list ---

    /** Learns sizes by reading values. */
    @Broken
    static class ListReadsValues extends ReferenceStorageContractTest {
        @Override
        ReferenceStorage open(ReferenceStorage.Location location) {
            return new ReferenceStorage(location) {
                @Override
                public Stream<StoredObject> list(String keyPrefix) throws IOException {
                    return super.list(keyPrefix).map(object -> {
                        try {
                            return new StoredObject(object.key(), get(object.key()).orElseThrow().length, object.lastModified());
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                }
            };
        }
    }

    @Test
    void aListThatReadsValuesFailsTheListWithoutReadingTest() {
        assertFails(ListReadsValues.class, "listReportsKeysAndSizesWithoutReadingValues");
    }

    /** Reports the time of listing as last-modified. */
    @Broken
    static class ListTimeAsLastModified extends ReferenceStorageContractTest {
        @Override
        ReferenceStorage open(ReferenceStorage.Location location) {
            return new ReferenceStorage(location) {
                @Override
                public Stream<StoredObject> list(String keyPrefix) throws IOException {
                    return super.list(keyPrefix).map(object -> new StoredObject(object.key(), object.size(), Instant.now()));
                }
            };
        }
    }

    @Test
    void lastModifiedAtListTimeFailsTheLastModifiedTest() {
        assertFails(ListTimeAsLastModified.class, "lastModifiedIsTheTimeOfTheLatestWrite");
    }

    /** Keeps the last-modified time of the first write of a key. */
    @Broken
    static class FirstWriteAsLastModified extends ReferenceStorageContractTest {
        @Override
        ReferenceStorage open(ReferenceStorage.Location location) {
            return new ReferenceStorage(location) {
                @Override
                public void put(String key, byte[] value) {
                    Entry fresh = entry(value);
                    location.entries.merge(key, fresh, (old, e) -> new Entry(e.value(), e.version(), old.lastModified()));
                }
            };
        }
    }

    @Test
    void lastModifiedOfTheFirstWriteFailsTheLastModifiedTest() {
        assertFails(FirstWriteAsLastModified.class, "lastModifiedIsTheTimeOfTheLatestWrite");
    }

    // --- deleteAll ---

    /** Drops failed deletes on the floor. */
    @Broken
    static class DeleteAllSwallowsFailures extends ReferenceStorageContractTest {
        @Override
        ReferenceStorage open(ReferenceStorage.Location location) {
            return new ReferenceStorage(location) {
                @Override
                public BatchDeleteResult deleteAll(Collection<String> keys) {
                    int deleted = 0;
                    for (String key : keys) {
                        try {
                            deleted += delete(key) ? 1 : 0;
                        } catch (IOException ignored) {
                            // the fault under test
                        }
                    }
                    return new BatchDeleteResult(deleted, Map.of());
                }
            };
        }
    }

    /** Gives up at the first failure. */
    @Broken
    static class DeleteAllStopsAtTheFirstFailure extends ReferenceStorageContractTest {
        @Override
        ReferenceStorage open(ReferenceStorage.Location location) {
            return new ReferenceStorage(location) {
                @Override
                public BatchDeleteResult deleteAll(Collection<String> keys) {
                    int deleted = 0;
                    for (String key : keys) {
                        try {
                            deleted += delete(key) ? 1 : 0;
                        } catch (IOException e) {
                            return new BatchDeleteResult(deleted, Map.of(key, e));
                        }
                    }
                    return new BatchDeleteResult(deleted, Map.of());
                }
            };
        }
    }

    /** Reports failures but counts them as deleted too, and absent keys as well. */
    @Broken
    static class DeleteAllCountsEveryKey extends ReferenceStorageContractTest {
        @Override
        ReferenceStorage open(ReferenceStorage.Location location) {
            return new ReferenceStorage(location) {
                @Override
                public BatchDeleteResult deleteAll(Collection<String> keys) {
                    Map<String, Exception> failures = new LinkedHashMap<>();
                    for (String key : keys) {
                        try {
                            delete(key);
                        } catch (IOException e) {
                            failures.put(key, e);
                        }
                    }
                    return new BatchDeleteResult(keys.size(), failures);
                }
            };
        }
    }

    @Test
    void aDeleteAllThatSwallowsStopsOrMiscountsFailsTheDeleteAllTests() {
        assertFails(DeleteAllSwallowsFailures.class, "deleteAllReportsExactlyTheKeysItCouldNotDeleteAndDeletesTheRest");
        assertFails(DeleteAllStopsAtTheFirstFailure.class, "deleteAllReportsExactlyTheKeysItCouldNotDeleteAndDeletesTheRest");
        assertFails(DeleteAllCountsEveryKey.class, "deleteAllReportsExactlyTheKeysItCouldNotDeleteAndDeletesTheRest",
                "deleteAllOfOnlyAbsentKeysDeletesNothingAndFailsNothing");
    }

    // --- conditional writes ---

    /** A storage round trip (check, then write) without holding anything between them. */
    private static void roundTrip() {
        LockSupport.parkNanos(1_000_000); // stands for the network between the check and the write
    }

    /** Reads the version, then writes: two requests, nothing atomic. */
    @Broken
    static class CheckThenPut extends ReferenceStorageContractTest {
        @Override
        ReferenceStorage open(ReferenceStorage.Location location) {
            return new ReferenceStorage(location) {
                @Override
                public boolean putIfAbsent(String key, byte[] value) throws IOException {
                    if (location.entries.containsKey(key)) {
                        return false;
                    }
                    roundTrip();
                    put(key, value);
                    return true;
                }

                @Override
                public boolean putIfVersion(String key, byte[] value, String expectedVersion) throws IOException {
                    Optional<Versioned> current = getVersioned(key);
                    if (current.isEmpty() || !current.get().version().equals(expectedVersion)) {
                        return false;
                    }
                    roundTrip();
                    put(key, value);
                    return true;
                }
            };
        }
    }

    @Test
    void aCheckThenPutFailsTheRaceAcrossInstances() {
        assertFails(CheckThenPut.class, "exactlyOneOfManyWritersOnTwoInstancesWinsEachRound");
    }

    /** Check-then-put under a lock that only this instance knows (synchronized methods). */
    @Broken
    static class InstanceLocalLock extends ReferenceStorageContractTest {
        @Override
        ReferenceStorage open(ReferenceStorage.Location location) {
            return new ReferenceStorage(location) {
                @Override
                public synchronized boolean putIfAbsent(String key, byte[] value) throws IOException {
                    if (location.entries.containsKey(key)) {
                        return false;
                    }
                    roundTrip();
                    put(key, value);
                    return true;
                }

                @Override
                public synchronized boolean putIfVersion(String key, byte[] value, String expectedVersion) throws IOException {
                    Optional<Versioned> current = getVersioned(key);
                    if (current.isEmpty() || !current.get().version().equals(expectedVersion)) {
                        return false;
                    }
                    roundTrip();
                    put(key, value);
                    return true;
                }
            };
        }
    }

    @Test
    void aLockInsideOneInstanceFailsTheRaceAcrossInstances() {
        assertFails(InstanceLocalLock.class, "exactlyOneOfManyWritersOnTwoInstancesWinsEachRound");
    }

    /** Versions are a hash of the value, as an MD5 ETag is. */
    @Broken
    static class ContentHashVersions extends ReferenceStorageContractTest {
        @Override
        ReferenceStorage open(ReferenceStorage.Location location) {
            return new ReferenceStorage(location) {
                @Override
                Entry entry(byte[] value) {
                    return new Entry(value.clone(), Integer.toHexString(Arrays.hashCode(value)), Instant.now());
                }
            };
        }
    }

    @Test
    void contentHashVersionsFailTheVersionReuseTests() {
        assertFails(ContentHashVersions.class, "aVersionDoesNotMatchAfterTheKeyIsDeletedAndTheSameBytesStoredAgain",
                "aVersionDoesNotMatchAfterTheSameBytesAreWrittenAgain");
    }

    // --- instances, close, capabilities ---

    /** Each instance keeps its own values: nothing is shared or kept. */
    @Broken
    static class InstancesShareNothing extends ReferenceStorageContractTest {
        @Override
        ReferenceStorage open(ReferenceStorage.Location location) {
            return new ReferenceStorage(new ReferenceStorage.Location());
        }
    }

    @Test
    void instancesThatShareNothingFailTheSecondInstanceTests() {
        assertFails(InstancesShareNothing.class, "aSecondInstanceOnTheSameLocationSeesWhatTheFirstWroteAndDeleted",
                "valuesOutliveTheInstanceThatWroteThem", "aVersionReadThroughOneInstanceIsHonouredByTheOther");
    }

    /** Refuses to be closed twice. */
    @Broken
    static class CloseOnlyOnce extends ReferenceStorageContractTest {
        @Override
        ReferenceStorage open(ReferenceStorage.Location location) {
            return new ReferenceStorage(location) {
                private boolean closed;

                @Override
                public synchronized void close() {
                    if (closed) {
                        throw new IllegalStateException("already closed");
                    }
                    closed = true;
                    super.close();
                }
            };
        }
    }

    @Test
    void aSecondCloseThatThrowsFailsTheCloseTest() {
        assertFails(CloseOnlyOnce.class, "closingTwiceIsSafe");
    }

    /** A conditional storage tested with the plain contract only. */
    @Broken
    static class ConditionalTestedAsPlain extends StorageContractTest {
        @Override
        protected Storage createStorage() {
            return new ReferenceStorage(new ReferenceStorage.Location());
        }
    }

    @Test
    void aConditionalStorageTestedWithThePlainContractFailsTheCapabilityTest() {
        assertFails(ConditionalTestedAsPlain.class, "eachCapabilityOfTheStorageIsTestedByItsContract");
    }

    // --- known limitations ---

    /** Declares one test a known limitation. */
    @Broken
    static class DeclaresALimitation extends ReferenceStorageContractTest {
        @Override
        protected Map<String, String> knownLimitations() {
            return Map.of("closingTwiceIsSafe", "the emulator cannot close twice");
        }
    }

    @Test
    void aKnownLimitationIsReportedAsSkippedWithItsReasonAndTheOtherTestsRun() {
        EngineExecutionResults results = run(DeclaresALimitation.class, "closingTwiceIsSafe", "aStoredValueIsReturned");

        assertThat(methodNames(results.testEvents().aborted())).containsExactly("closingTwiceIsSafe");
        assertThat(results.testEvents().aborted().stream().map(event -> event.getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow().getMessage()))
                .containsExactly("known limitation of DeclaresALimitation: the emulator cannot close twice");
        assertThat(methodNames(results.testEvents().succeeded())).containsExactly("aStoredValueIsReturned");
    }

    /** Names a test the contract does not have (a typo, or a test renamed since). */
    @Broken
    static class NamesNoTest extends ReferenceStorageContractTest {
        @Override
        protected Map<String, String> knownLimitations() {
            return Map.of("closingTwiceIsSave", "a typo");
        }
    }

    /** Tries to waive the capability check. */
    @Broken
    static class WaivesTheCapabilityCheck extends ReferenceStorageContractTest {
        @Override
        protected Map<String, String> knownLimitations() {
            return Map.of("eachCapabilityOfTheStorageIsTestedByItsContract", "not this one");
        }
    }

    @Test
    void aLimitationThatNamesNoTestOrTheCapabilityCheckFailsEveryTest() {
        assertFails(NamesNoTest.class, "aStoredValueIsReturned", "closingTwiceIsSafe");
        assertFails(WaivesTheCapabilityCheck.class, "aStoredValueIsReturned", "eachCapabilityOfTheStorageIsTestedByItsContract");
    }

    @Test
    void theFaultlessReferenceStoragePassesTheTestsTheBrokenOnesFail() {
        EngineExecutionResults results = run(ReferenceStorageContractTest.class, "readersRacingReplacesSeeOnlyWholeValuesAndFinallyTheLastOne",
                "listReportsKeysAndSizesWithoutReadingValues", "lastModifiedIsTheTimeOfTheLatestWrite",
                "deleteAllReportsExactlyTheKeysItCouldNotDeleteAndDeletesTheRest", "exactlyOneOfManyWritersOnTwoInstancesWinsEachRound",
                "aVersionDoesNotMatchAfterTheSameBytesAreWrittenAgain", "closingTwiceIsSafe", "eachCapabilityOfTheStorageIsTestedByItsContract");

        results.testEvents().assertStatistics(stats -> stats.started(8).succeeded(8));
    }

    /** Runs {@code methods} of {@code contract} and checks that each of them, and only they, failed. */
    private static void assertFails(Class<? extends StorageContractTest> contract, String... methods) {
        EngineExecutionResults results = run(contract, methods);

        assertThat(methodNames(results.testEvents().started())).as("tests of %s that ran", contract.getSimpleName())
                .containsExactlyInAnyOrder(methods);
        assertThat(methodNames(results.testEvents().failed())).as("tests of %s that failed", contract.getSimpleName())
                .containsExactlyInAnyOrder(methods);
    }

    private static EngineExecutionResults run(Class<? extends StorageContractTest> contract, String... methods) {
        DiscoverySelector[] selectors = Arrays.stream(methods).map(method -> selectMethod(contract, method)).toArray(DiscoverySelector[]::new);
        return EngineTestKit.engine("junit-jupiter").selectors(selectors).configurationParameter(TEST_KIT_RUN, "true").execute();
    }

    private static String[] methodNames(org.junit.platform.testkit.engine.Events events) {
        return events.stream().map(Event::getTestDescriptor)
                .map(descriptor -> ((MethodSource) descriptor.getSource().orElseThrow()).getMethodName())
                .toArray(String[]::new);
    }
}
