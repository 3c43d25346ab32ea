package dev.resultstore.storage.gcs;

import java.util.Map;

import org.junit.jupiter.api.Assumptions;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.ConditionalStorageContractTest;

/**
 * The connector TCK on the SDK's own in-process fake, {@link LocalStorageHelper} (google-cloud-nio),
 * a fresh one for each test, shared by the test's two instances: the values, listing, streaming,
 * last-modified and instance tests on the SDK's notion of GCS, and {@code deleteAll} through the
 * connector's one-at-a-time path (the fake's {@code createBatch} throws {@link UnsupportedOperationException}).
 *
 * <p>What the fake cannot show is declared, and reported as skipped with the reason: its objects have
 * no generation (no version to read or write against) and it ignores {@code ifGenerationMatch}, so of the
 * conditional tests only the versioned read of a missing key runs here; it has no permissions or holds,
 * so no object can be made unreadable or undeletable. All of that runs against
 * {@link GcsStubServer}, real HTTP through the real SDK, in {@link GcsStorageContractTest}.
 */
class GcsStorageLocalHelperContractTest extends ConditionalStorageContractTest {

    private static final String NO_GENERATIONS = "LocalStorageHelper gives objects no generation, so there is no version "
            + "to read or to write against (GcsStorageContractTest runs this against GcsStubServer, which keeps generations)";
    private static final String NO_PRECONDITIONS = "LocalStorageHelper ignores ifGenerationMatch=0, so a create that must "
            + "fail succeeds (GcsStorageContractTest runs this against GcsStubServer)";

    private com.google.cloud.storage.Storage fake;

    @Override
    protected Storage createStorage() throws Exception {
        fake = LocalStorageHelper.customOptions(false).getService();
        return createSecondInstance();
    }

    /** Another GcsStorage on the same fake, as another node on the same bucket. */
    @Override
    protected Storage createSecondInstance() throws Exception {
        GcsStorage storage = new GcsStorage("local-helper");
        com.google.cloud.storage.Storage client = fake;
        storage.fixedClient = () -> client;
        storage.start();
        return storage;
    }

    @Override
    protected Map<String, String> knownLimitations() {
        return Map.of(
                "getVersionedReturnsTheValueAndAVersion", NO_GENERATIONS,
                "conditionalReplaceWithTheCurrentVersionSucceeds", NO_GENERATIONS,
                "conditionalReplaceWithAStaleVersionFailsAndLeavesTheValueUnchanged", NO_GENERATIONS,
                "aVersionCanBeUsedForOneReplaceOnly", NO_GENERATIONS,
                "conditionalReplaceOfADeletedKeyFails", NO_GENERATIONS,
                "aVersionDoesNotMatchAfterTheKeyIsDeletedAndTheSameBytesStoredAgain", NO_GENERATIONS,
                "aVersionDoesNotMatchAfterTheSameBytesAreWrittenAgain", NO_GENERATIONS,
                "aVersionReadThroughOneInstanceIsHonouredByTheOther", NO_GENERATIONS,
                "conditionalCreateSucceedsOnlyWhileTheKeyIsAbsent", NO_PRECONDITIONS,
                "exactlyOneOfManyWritersOnTwoInstancesWinsEachRound", NO_PRECONDITIONS);
    }

    @Override
    protected long makeUnreadable(String key) {
        Assumptions.abort("LocalStorageHelper has no permissions, storage classes or encryption keys: every stored object "
                + "can be read (GcsStorageContractTest runs this against GcsStubServer)");
        return 0;
    }

    @Override
    protected void makeUndeletable(String key) {
        Assumptions.abort("LocalStorageHelper has no permissions or retention holds: every object can be deleted "
                + "(GcsStorageContractTest runs this against GcsStubServer)");
    }

    @Override
    protected void restoreDeletable(String key) {
        // makeUndeletable never succeeds here, so there is nothing to undo
    }
}
