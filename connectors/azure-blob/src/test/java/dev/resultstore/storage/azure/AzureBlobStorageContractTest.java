package dev.resultstore.storage.azure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.ExtendWith;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.ConditionalStorageContractTest;

/**
 * The connector TCK against a real Azurite: a new container for each test, keys at its root. On
 * these path-style URLs Azurite refuses Blob Batch, so deleteAll runs its one-blob-at-a-time
 * fallback here; {@link AzureBlobStorageBatchContractTest} runs the TCK through Blob Batch.
 */
@ExtendWith(AzuriteExtension.class)
class AzureBlobStorageContractTest extends ConditionalStorageContractTest {

    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    private final Azurite azurite;
    private final Map<String, BlobLeaseClient> leases = new ConcurrentHashMap<>();
    private String container;

    AzureBlobStorageContractTest(Azurite azurite) {
        this.azurite = azurite;
    }

    @Override
    protected Storage createStorage() throws Exception {
        container = "tck-" + CONTAINERS.incrementAndGet();
        return createSecondInstance();
    }

    /** Another client on the same container, as another node would open it. */
    @Override
    protected Storage createSecondInstance() throws Exception {
        AzureBlobStorage storage = new AzureBlobStorage(azurite.connectionString(), container);
        storage.setCreateContainer(true);
        storage.start();
        return storage;
    }

    /** Moves the blob to the archive tier: it keeps its size in listings, and reads are refused until it is rehydrated. */
    @Override
    protected long makeUnreadable(String key) {
        BlobClient blob = blob(key);
        blob.setAccessTier(AccessTier.ARCHIVE);
        return blob.getProperties().getBlobSize();
    }

    /** An infinite lease taken by another client: deleting without its id is refused (412 LeaseIdMissing). */
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
        return azurite.adminClient().getBlobContainerClient(container).getBlobClient(key);
    }
}
