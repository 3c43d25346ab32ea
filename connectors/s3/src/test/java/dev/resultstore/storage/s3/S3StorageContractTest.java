package dev.resultstore.storage.s3;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.ConditionalStorageContractTest;

/** The connector TCK against a real s3proxy: a new bucket for each test, created by the storage, keys at its root. */
@ExtendWith(S3ProxyExtension.class)
class S3StorageContractTest extends ConditionalStorageContractTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final S3Proxy s3;

    S3StorageContractTest(S3Proxy s3) {
        this.s3 = s3;
    }

    @Override
    protected Storage createStorage() throws Exception {
        S3Storage storage = new S3Storage("tck-" + BUCKETS.incrementAndGet());
        storage.setEndpoint(s3.endpoint());
        storage.setPathStyle(true);
        storage.setRegion(S3Proxy.REGION);
        storage.setAccessKey(S3Proxy.ACCESS_KEY);
        storage.setSecretKey(S3Proxy.SECRET_KEY);
        storage.setCreateBucket(true);
        storage.start();
        return storage;
    }
}
