package dev.resultstore.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.ConditionalStorageContractTest;

/**
 * The connector TCK as close to Azure as Azurite gets: the account in the host name, a SAS
 * token, and deletes through the Blob Batch API, which Azurite only serves for such URLs (with an
 * IP address in the URL it refuses the Java SDK's batch sub-requests: see
 * {@link AzureBlobStorageAzuriteTest#onPathStyleUrlsAzuriteRefusesBatchesAndDeletesFallBackToSingleRequests}).
 */
@ExtendWith(AzuriteExtension.class)
class AzureBlobStorageBatchContractTest extends ConditionalStorageContractTest {

    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    private final Azurite azurite;

    AzureBlobStorageBatchContractTest(Azurite azurite) {
        this.azurite = azurite;
    }

    @Override
    protected Storage createStorage() throws Exception {
        AzureBlobStorage storage = new AzureBlobStorage();
        storage.setEndpoint(azurite.productStyleEndpoint());
        storage.setSasToken(azurite.accountSas("rwdlac", OffsetDateTime.now().plusHours(1)));
        storage.setContainer("tck-batch-" + CONTAINERS.incrementAndGet());
        storage.setCreateContainer(true);
        storage.transport = () -> new JdkHttpClientBuilder().proxy(azurite.asProxy());
        storage.start();
        return storage;
    }

    @AfterEach
    void deletesStillGoThroughBlobBatch() {
        assertThat(((AzureBlobStorage) storage).refusedBatches()).as("calls that found Blob Batch refused").isZero();
    }
}
