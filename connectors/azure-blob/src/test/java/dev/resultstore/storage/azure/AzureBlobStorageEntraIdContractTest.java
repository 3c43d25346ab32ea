package dev.resultstore.storage.azure;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.ExtendWith;

import com.azure.storage.blob.BlobContainerClient;

import dev.resultstore.spi.Storage;

/** The connector TCK with Microsoft Entra ID tokens over HTTPS, as an account without shared keys is used. */
@ExtendWith(AzuriteExtension.class)
class AzureBlobStorageEntraIdContractTest extends AzuriteContractHooks {

    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    private final SecureAzurite secure;
    private String container;

    AzureBlobStorageEntraIdContractTest(SecureAzurite secure) {
        this.secure = secure;
    }

    @Override
    protected Storage createStorage() throws Exception {
        container = "tck-entra-" + CONTAINERS.incrementAndGet();
        return openInstance();
    }

    @Override
    protected AzureBlobStorage openInstance() throws Exception {
        AzureBlobStorage storage = secure.tokenStorage(container);
        storage.start();
        return storage;
    }

    @Override
    protected BlobContainerClient adminContainer() {
        return secure.tls().adminClient(secure.azurite()).getBlobContainerClient(container);
    }
}
