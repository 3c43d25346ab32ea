package dev.resultstore.storage.azure;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.ConditionalStorageContractTest;

/** The connector TCK with Microsoft Entra ID tokens over HTTPS, as an account without shared keys is used. */
@ExtendWith(AzuriteExtension.class)
class AzureBlobStorageEntraIdContractTest extends ConditionalStorageContractTest {

    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    private final SecureAzurite secure;

    AzureBlobStorageEntraIdContractTest(SecureAzurite secure) {
        this.secure = secure;
    }

    @Override
    protected Storage createStorage() throws Exception {
        AzureBlobStorage storage = secure.tokenStorage("tck-entra-" + CONTAINERS.incrementAndGet());
        storage.start();
        return storage;
    }
}
