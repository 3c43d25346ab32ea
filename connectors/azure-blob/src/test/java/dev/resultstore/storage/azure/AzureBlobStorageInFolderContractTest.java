package dev.resultstore.storage.azure;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.ExtendWith;

import com.azure.storage.blob.BlobContainerClient;

import dev.resultstore.spi.Storage;

/**
 * The connector TCK against a real Azurite with the other configuration paths: one shared
 * container, a new {@code location} folder for each test, endpoint with account name and key, and
 * deletes one blob at a time ({@code batch-delete=false}).
 */
@ExtendWith(AzuriteExtension.class)
class AzureBlobStorageInFolderContractTest extends AzuriteContractHooks {

    private static final AtomicInteger FOLDERS = new AtomicInteger();

    private final Azurite azurite;
    private String location;

    AzureBlobStorageInFolderContractTest(Azurite azurite) {
        this.azurite = azurite;
    }

    @Override
    protected Storage createStorage() throws Exception {
        location = "runs/" + FOLDERS.incrementAndGet() + "/results";
        return openInstance();
    }

    @Override
    protected AzureBlobStorage openInstance() throws Exception {
        AzureBlobStorage storage = new AzureBlobStorage();
        storage.setEndpoint(azurite.blobEndpoint());
        storage.setAccountName(Azurite.ACCOUNT_NAME);
        storage.setAccountKey(Azurite.ACCOUNT_KEY);
        storage.setContainer("shared-tck");
        storage.setLocation(location);
        storage.setCreateContainer(true);
        storage.setBatchDelete(false);
        storage.start();
        return storage;
    }

    @Override
    protected BlobContainerClient adminContainer() {
        return azurite.adminClient().getBlobContainerClient("shared-tck");
    }

    @Override
    protected String blobName(String key) {
        return location + "/" + key;
    }
}
