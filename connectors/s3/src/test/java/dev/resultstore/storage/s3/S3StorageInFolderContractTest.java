package dev.resultstore.storage.s3;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.StorageContractTest;

/**
 * The connector TCK against a real s3proxy with the other configuration path: one shared bucket
 * that the test creates, and a new {@code location} folder for each test. The plain contract only,
 * for the reason {@link S3StorageContractTest} gives.
 */
@ExtendWith(S3ProxyExtension.class)
class S3StorageInFolderContractTest extends StorageContractTest {

    private static final AtomicInteger FOLDERS = new AtomicInteger();

    private final S3Proxy s3;

    S3StorageInFolderContractTest(S3Proxy s3) {
        this.s3 = s3;
    }

    @Override
    protected Storage createStorage() throws Exception {
        s3.createBucket("shared-tck");
        S3Storage storage = new S3Storage();
        storage.setBucket("shared-tck");
        storage.setLocation("/runs/" + FOLDERS.incrementAndGet() + "/results/");
        storage.setEndpoint(s3.endpoint());
        storage.setPathStyle(true);
        storage.setRegion(S3Proxy.REGION);
        storage.setAccessKey(S3Proxy.ACCESS_KEY);
        storage.setSecretKey(S3Proxy.SECRET_KEY);
        storage.start();
        return storage;
    }
}
