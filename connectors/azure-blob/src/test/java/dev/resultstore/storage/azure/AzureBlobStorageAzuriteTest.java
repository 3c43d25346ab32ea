package dev.resultstore.storage.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static dev.resultstore.tck.support.Failures.everything;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.spi.BatchDeleteResult;

/** What the connector does with a real Azurite when credentials, permissions or containers are wrong. */
@ExtendWith(AzuriteExtension.class)
class AzureBlobStorageAzuriteTest {

    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    private final Azurite azurite;
    private final String container = "checks-" + CONTAINERS.incrementAndGet();
    private AzureBlobStorage storage;

    AzureBlobStorageAzuriteTest(Azurite azurite) {
        this.azurite = azurite;
    }

    @AfterEach
    void close() throws IOException {
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void aWrongAccountKeyFailsAtStartAsNonRetryableWithoutRevealingTheKey() {
        String wrongKey = "d3Jvbmcta2V5LXRoYXQtaXMtbm90LXRoZS1hY2NvdW50LWtleS1hdC1hbGwtMDEyMzQ1Njc4OQ==";
        storage = new AzureBlobStorage();
        storage.setEndpoint(azurite.blobEndpoint());
        storage.setAccountName(Azurite.ACCOUNT_NAME);
        storage.setAccountKey(wrongKey);
        storage.setContainer(container);
        storage.setCreateContainer(true);

        Throwable failure = catchThrowable(storage::start);

        assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("403")
                .hasMessageContaining("account name and key");
        assertThat(everything(failure)).doesNotContain(wrongKey);
    }

    @Test
    void anExpiredSasTokenFailsAtStartAsNonRetryableWithoutRevealingIt() {
        String expired = azurite.accountSas("rwdlac", OffsetDateTime.now().minusMinutes(5));
        storage = new AzureBlobStorage();
        storage.setEndpoint(azurite.blobEndpoint());
        storage.setSasToken(expired);
        storage.setContainer(container);
        storage.setCreateContainer(true);

        Throwable failure = catchThrowable(storage::start);

        assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("403")
                .hasMessageContaining("SAS token has not expired");
        assertThat(everything(failure)).doesNotContain(signature(expired));
    }

    @Test
    void aSasTokenWithoutWritePermissionFailsWritesAsNonRetryable() throws IOException {
        azurite.adminClient().createBlobContainer(container);
        String readAndList = azurite.accountSas("rl", OffsetDateTime.now().plusHours(1));
        storage = new AzureBlobStorage();
        storage.setEndpoint(azurite.blobEndpoint());
        storage.setSasToken(readAndList);
        storage.setContainer(container);
        storage.start();

        Throwable failure = catchThrowable(() -> storage.put("celery-task-meta-1", "{}".getBytes(UTF_8)));

        assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("write celery-task-meta-1")
                .hasMessageContaining("403")
                .hasMessageContaining("permissions");
        assertThat(everything(failure)).doesNotContain(signature(readAndList));
        assertThat(storage.get("celery-task-meta-1")).as("reads still work").isEmpty();
    }

    @Test
    void aMissingContainerFailsAtStartSuggestingCreateContainer() {
        storage = new AzureBlobStorage(azurite.connectionString(), container);

        Throwable failure = catchThrowable(storage::start);

        assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'" + container + "'")
                .hasMessageContaining("ContainerNotFound")
                .hasMessageContaining("create-container=true");
        assertThat(everything(failure)).doesNotContain(Azurite.ACCOUNT_KEY);
    }

    @Test
    void aContainerDeletedAfterStartIsReportedNotMistakenForAMissingKey() throws IOException {
        storage = new AzureBlobStorage(azurite.connectionString(), container);
        storage.setCreateContainer(true);
        storage.start();
        azurite.adminClient().deleteBlobContainer(container);

        assertThat(catchThrowable(() -> storage.get("celery-task-meta-1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ContainerNotFound");
        assertThat(catchThrowable(() -> storage.delete("celery-task-meta-1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ContainerNotFound");
    }

    @Test
    void createContainerIsIdempotent() throws IOException {
        azurite.adminClient().createBlobContainer(container);
        storage = new AzureBlobStorage(azurite.connectionString(), container);
        storage.setCreateContainer(true);

        storage.start();

        assertThat(storage.get("celery-task-meta-1")).isEmpty();
    }

    @Test
    void onPathStyleUrlsAzuriteRefusesBatchesAndDeletesFallBackToSingleRequests() throws IOException {
        storage = new AzureBlobStorage(azurite.connectionString(), container);
        storage.setCreateContainer(true);
        storage.start();
        for (String id : List.of("1", "2", "3")) {
            storage.put("celery-task-meta-" + id, id.getBytes(UTF_8));
        }

        BatchDeleteResult result = storage.deleteAll(List.of("celery-task-meta-1", "celery-task-meta-2", "celery-task-meta-absent"));

        assertThat(result.deleted()).isEqualTo(2);
        assertThat(result.failures()).isEmpty();
        assertThat(storage.refusedBatches()).isEqualTo(1);
        assertThat(storage.deleteAll(List.of("celery-task-meta-3", "celery-task-meta-absent")).deleted()).isEqualTo(1);
        assertThat(storage.refusedBatches()).as("the next call tried a batch again").isEqualTo(2);
    }

    /** The signature part of a SAS token: the secret in it. */
    static String signature(String sas) {
        for (String part : sas.split("&")) {
            if (part.startsWith("sig=")) {
                return part.substring(4);
            }
        }
        throw new IllegalArgumentException("no signature in the SAS token");
    }
}
