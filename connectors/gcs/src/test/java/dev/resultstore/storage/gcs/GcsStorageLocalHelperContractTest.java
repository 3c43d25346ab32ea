package dev.resultstore.storage.gcs;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.StorageContractTest;

/**
 * The plain connector TCK on the SDK's own in-process fake, {@link LocalStorageHelper} (google-cloud-nio),
 * a fresh one for each test.
 *
 * <p>Only the plain contract runs here: the fake does not implement generation preconditions (its
 * {@code create} ignores {@code ifGenerationMatch}, so a conditional write could never fail) nor batch
 * requests ({@code createBatch} throws {@link UnsupportedOperationException}, so {@code deleteAll} takes the
 * connector's one-at-a-time path). The conditional contract and batch deletes run against
 * {@link GcsStubServer}, real HTTP through the real SDK, in {@link GcsStorageContractTest}.
 */
class GcsStorageLocalHelperContractTest extends StorageContractTest {

    @Override
    protected Storage createStorage() throws Exception {
        GcsStorage storage = new GcsStorage("local-helper");
        com.google.cloud.storage.Storage fake = LocalStorageHelper.customOptions(false).getService();
        storage.fixedClient = () -> fake;
        storage.start();
        return storage;
    }
}
