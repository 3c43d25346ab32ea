package dev.resultstore.storage.azure;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.ConditionalStorageContractTest;

/** The connector TCK against a real Azurite: a new container for each test, keys at its root, Blob Batch deletes. */
@ExtendWith(AzuriteExtension.class)
class AzureBlobStorageContractTest extends ConditionalStorageContractTest {

    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    private final Azurite azurite;

    AzureBlobStorageContractTest(Azurite azurite) {
        this.azurite = azurite;
    }

    @Override
    protected Storage createStorage() throws Exception {
        AzureBlobStorage storage = new AzureBlobStorage(azurite.connectionString(), "tck-" + CONTAINERS.incrementAndGet());
        storage.setCreateContainer(true);
        storage.start();
        return storage;
    }
}
