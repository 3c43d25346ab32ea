package dev.resultstore.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;

import com.azure.storage.blob.BlobContainerClient;

import dev.resultstore.spi.Storage;

/**
 * The connector TCK as close to Azure as Azurite gets: the account in the host name, a SAS
 * token, and deletes through the Blob Batch API, which Azurite only serves for such URLs (with an
 * IP address in the URL it refuses the Java SDK's batch sub-requests: see
 * {@link AzureBlobStorageAzuriteTest#onPathStyleUrlsAzuriteRefusesBatchesAndDeletesFallBackToSingleRequests}).
 */
@ExtendWith(AzuriteExtension.class)
class AzureBlobStorageBatchContractTest extends AzuriteContractHooks {

    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    private final Azurite azurite;
    private String container;

    AzureBlobStorageBatchContractTest(Azurite azurite) {
        this.azurite = azurite;
    }

    @Override
    protected Storage createStorage() throws Exception {
        container = "tck-batch-" + CONTAINERS.incrementAndGet();
        return openInstance();
    }

    @Override
    protected AzureBlobStorage openInstance() throws Exception {
        AzureBlobStorage storage = new AzureBlobStorage();
        storage.setEndpoint(azurite.productStyleEndpoint());
        storage.setSasToken(azurite.accountSas("rwdlac", OffsetDateTime.now().plusHours(1)));
        storage.setContainer(container);
        storage.setCreateContainer(true);
        storage.transport = () -> new JdkHttpClientBuilder().proxy(azurite.asProxy());
        storage.start();
        return storage;
    }

    @Override
    protected BlobContainerClient adminContainer() {
        return azurite.adminClient().getBlobContainerClient(container);
    }

    @AfterEach
    void deletesStillGoThroughBlobBatch() {
        assertThat(((AzureBlobStorage) storage).refusedBatches()).as("calls that found Blob Batch refused").isZero();
    }
}
