package dev.resultstore.storage.azure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.ConditionalStorageContractTest;

/**
 * The TCK's hooks for a connector configuration on Azurite: a second instance opened with the same
 * parameters, the archive tier for unreadable blobs, an infinite lease of another client for
 * undeletable ones. Subclasses say how to open an instance and where its keys live.
 */
abstract class AzuriteContractHooks extends ConditionalStorageContractTest {

    private final Map<String, BlobLeaseClient> leases = new ConcurrentHashMap<>();

    /** A new started instance of the configuration this test last created (the same container and location). */
    protected abstract AzureBlobStorage openInstance() throws Exception;

    /** A shared-key client on the container of the configuration under test. */
    protected abstract BlobContainerClient adminContainer();

    /** The blob name of a storage key (the location's folder in front of it, if any). */
    protected String blobName(String key) {
        return key;
    }

    @Override
    protected Storage createSecondInstance() throws Exception {
        return openInstance();
    }

    @Override
    protected long makeUnreadable(String key) {
        BlobClient blob = blob(key);
        blob.setAccessTier(AccessTier.ARCHIVE);
        return blob.getProperties().getBlobSize();
    }

    @Override
    protected void makeUndeletable(String key) {
        BlobLeaseClient lease = new BlobLeaseClientBuilder().blobClient(blob(key)).buildClient();
        lease.acquireLease(-1);
        leases.put(key, lease);
    }

    @Override
    protected void restoreDeletable(String key) {
        leases.remove(key).releaseLease();
    }

    private BlobClient blob(String key) {
        return adminContainer().getBlobClient(blobName(key));
    }
}
