package dev.resultstore.tck.support;

import java.util.concurrent.atomic.AtomicInteger;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.ConditionalStorageContractTest;

/**
 * The conditional TCK for an object store with a new bucket (container) for each test, created by
 * the storage under test; the second instance opens the same bucket as another node would, without
 * creating it.
 */
public abstract class BucketPerTestContractTest extends ConditionalStorageContractTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    /** The bucket of the current test. */
    protected String bucket;

    /** A new started storage on {@link #bucket}, creating the bucket when {@code createBucket}. */
    protected abstract Storage open(boolean createBucket) throws Exception;

    @Override
    protected Storage createStorage() throws Exception {
        bucket = "tck-" + BUCKETS.incrementAndGet();
        return open(true);
    }

    /** Another instance (its own client) on the same bucket, as another node opens it. */
    @Override
    protected Storage createSecondInstance() throws Exception {
        return open(false);
    }
}
