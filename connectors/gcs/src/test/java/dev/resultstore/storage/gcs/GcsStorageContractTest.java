package dev.resultstore.storage.gcs;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.ConditionalStorageContractTest;

/**
 * The conditional connector TCK over real HTTP through the real SDK, against {@link GcsStubServer}
 * (generation preconditions, batch deletes, 50-object list pages): a new bucket for each test, keys at its root.
 */
class GcsStorageContractTest extends ConditionalStorageContractTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();
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
    protected Storage createStorage() throws Exception {
        GcsStorage storage = new GcsStorage("tck-" + BUCKETS.incrementAndGet());
        storage.setEndpoint(server.endpoint());
        storage.setLocation(location());
        storage.setCreateBucket(true);
        storage.start();
        return storage;
    }
}
