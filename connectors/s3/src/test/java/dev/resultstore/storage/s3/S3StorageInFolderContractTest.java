package dev.resultstore.storage.s3;

import java.util.concurrent.atomic.AtomicInteger;

import dev.resultstore.spi.Storage;

/**
 * The conditional connector TCK against a real s3proxy with the other configuration path: one
 * shared bucket that the test creates, and a new {@code location} folder for each test. Its hooks
 * and declared limitations are those of {@link S3StorageContractTest}.
 */
class S3StorageInFolderContractTest extends S3StorageContractTest {

    private static final AtomicInteger FOLDERS = new AtomicInteger();

    S3StorageInFolderContractTest(S3Proxy s3) {
        super(s3);
    }

    @Override
    protected Storage createStorage() throws Exception {
        s3.createBucket("shared-tck");
        bucket = "shared-tck";
        location = "/runs/" + FOLDERS.incrementAndGet() + "/results/";
        return open(false);
    }
}
