package dev.resultstore.storage.gcs;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.ConditionalStorageContractTest;

/**
 * The conditional connector TCK over real HTTP through the real SDK, against {@link GcsStubServer}
 * (generation preconditions, batch deletes, 50-object list pages): a new bucket for each test, keys at its root.
 * Objects are made unreadable or undeletable by the server answering 403 for their media reads or
 * deletes, as GCS does without the permission or under a retention hold, while listings still show them.
 */
class GcsStorageContractTest extends ConditionalStorageContractTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    static GcsStubServer server;

    private String bucket;

    @BeforeAll
    static void startServer() throws Exception {
        server = GcsStubServer.start(50);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** The folder inside the bucket; none here. */
    protected String location() {
        return "";
    }

    @Override
    protected Storage createStorage() throws Exception {
        bucket = "tck-" + BUCKETS.incrementAndGet();
        return open(true);
    }

    /** Another GcsStorage (its own SDK client) on the same bucket and location of the same server. */
    @Override
    protected Storage createSecondInstance() throws Exception {
        return open(false);
    }

    private GcsStorage open(boolean createBucket) throws Exception {
        GcsStorage storage = new GcsStorage(bucket);
        storage.setEndpoint(server.endpoint());
        storage.setLocation(location());
        storage.setCreateBucket(createBucket);
        storage.start();
        return storage;
    }

    @Override
    protected long makeUnreadable(String key) {
        server.refuseReads(bucket, objectName(key));
        return server.size(bucket, objectName(key));
    }

    @Override
    protected void makeUndeletable(String key) {
        server.refuseDeletes(bucket, objectName(key));
    }

    @Override
    protected void restoreDeletable(String key) {
        server.allowDeletes(bucket, objectName(key));
    }

    private String objectName(String key) {
        return GcsStorage.normalizedLocation(location()) + key;
    }
}
