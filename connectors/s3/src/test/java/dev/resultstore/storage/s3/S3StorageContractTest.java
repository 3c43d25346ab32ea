package dev.resultstore.storage.s3;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.StorageContractTest;

/**
 * The connector TCK against a real s3proxy: a new bucket for each test, created by the storage, keys
 * at its root. The plain contract only: s3proxy checks {@code If-Match} before it writes rather than
 * as it writes, so racing replaces can both win there (see {@link S3ConditionalWritesTest}), which
 * the conditional contract rightly fails; AWS S3 itself evaluates the condition atomically.
 */
@ExtendWith(S3ProxyExtension.class)
class S3StorageContractTest extends StorageContractTest {

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
