package dev.resultstore.storage.azure;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.ExtendWith;

import com.azure.storage.blob.BlobContainerClient;

import dev.resultstore.spi.Storage;

/**
 * The connector TCK against a real Azurite: a new container for each test, keys at its root. On
 * these path-style URLs Azurite refuses Blob Batch, so deleteAll runs its one-blob-at-a-time
 * fallback here; {@link AzureBlobStorageBatchContractTest} runs the TCK through Blob Batch.
 */
@ExtendWith(AzuriteExtension.class)
class AzureBlobStorageContractTest extends AzuriteContractHooks {

    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    private final Azurite azurite;
    private String container;

    AzureBlobStorageContractTest(Azurite azurite) {
        this.azurite = azurite;
    }

    @Override
    protected Storage createStorage() throws Exception {
        container = "tck-" + CONTAINERS.incrementAndGet();
        return openInstance();
    }

    @Override
    protected AzureBlobStorage openInstance() throws Exception {
        AzureBlobStorage storage = new AzureBlobStorage(azurite.connectionString(), container);
        storage.setCreateContainer(true);
        storage.start();
        return storage;
    }

    @Override
    protected BlobContainerClient adminContainer() {
        return azurite.adminClient().getBlobContainerClient(container);
    }
}
