package dev.resultstore.storage.gcs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.resultstore.tck.support.BucketPerTestContractTest;

/**
 * The conditional connector TCK over real HTTP through the real SDK, against {@link GcsStubServer}
 * (generation preconditions, batch deletes, 50-object list pages): a new bucket for each test, keys at its root.
 * Objects are made unreadable or undeletable by the server answering 403 for their media reads or
 * deletes, as GCS does without the permission or under a retention hold, while listings still show them.
 */
class GcsStorageContractTest extends BucketPerTestContractTest {

    static GcsStubServer server;

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
    protected GcsStorage open(boolean createBucket) throws Exception {
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
