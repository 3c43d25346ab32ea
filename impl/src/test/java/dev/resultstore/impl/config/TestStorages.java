package dev.resultstore.impl.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.resultstore.spi.Storage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.storage.memory.MemoryStorage;

/** Storages for configuration tests: each fails or records in one particular way; memory underneath. */
final class TestStorages {

    private TestStorages() {
    }

    /** Memory storage underneath, so that the configured stores work; counts how often it was closed. */
    public abstract static class Delegating implements Storage {
        static final AtomicInteger CLOSED = new AtomicInteger();
        private final MemoryStorage memory = new MemoryStorage();

        @Override
        public void put(String key, byte[] value) {
            memory.put(key, value);
        }

        @Override
        public Optional<byte[]> get(String key) {
            return memory.get(key);
        }

        @Override
        public boolean delete(String key) {
            return memory.delete(key);
        }

        @Override
        public Stream<StoredObject> list(String keyPrefix) throws IOException {
            return memory.list(keyPrefix);
        }

        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    /** Its constructor rejects what it is given, as a connector validating its parameters does. */
    public static class RejectingConstructor extends Delegating {
        public RejectingConstructor(String bucket) {
            throw new IllegalArgumentException("bucket '" + bucket + "' must be lowercase");
        }
    }

    /** Its constructor fails with a checked exception. */
    public static class FailingConstructor extends Delegating {
        public FailingConstructor(String endpoint) throws IOException {
            throw new IOException("cannot reach " + endpoint);
        }
    }

    /** A JavaBean storage of many parameter types, some secret; rejects an endpoint and fails to start on request. */
    public static class Typed extends Delegating {
        public int shards;
        public long maxSize;
        public boolean verify;
        public Duration timeout;
        public Path folder;
        public String region;
        public String connectionString;
        public int apiKey;
        public String sasToken;
        public Path credentialFile;
        public String failStart;

        public Typed() {
        }

        public void setShards(int shards) {
            this.shards = shards;
        }

        public void setMaxSize(long maxSize) {
            this.maxSize = maxSize;
        }

        public void setVerify(boolean verify) {
            this.verify = verify;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public void setFolder(Path folder) {
            this.folder = folder;
        }

        public void setRegion(String region) {
            if (region.contains(" ")) {
                throw new IllegalArgumentException("region '" + region + "' must not contain spaces");
            }
            this.region = region;
        }

        public void setConnectionString(String connectionString) {
            this.connectionString = connectionString;
        }

        public void setApiKey(int apiKey) {
            this.apiKey = apiKey;
        }

        public void setSasToken(String sasToken) {
            this.sasToken = sasToken;
        }

        public void setCredentialFile(Path credentialFile) {
            this.credentialFile = credentialFile;
        }

        public void setFailStart(String failStart) {
            this.failStart = failStart;
        }

        @Override
        public void start() throws IOException {
            if (connectionString != null && !connectionString.contains("=")) {
                // An SDK's message that repeats what it was given.
                throw new IllegalArgumentException("Invalid connection string: " + connectionString);
            }
            if ("io".equals(failStart)) {
                throw new IOException("storage unreachable");
            }
        }
    }

    /** Needs a class that its class loader cannot find, as a connector jar without its SDK. */
    public static class NeedsMissingDependency implements Storage {
        public NeedsMissingDependency() {
        }

        public void setClient(MissingDependency client) {
        }

        @Override
        public void put(String key, byte[] value) {
        }

        @Override
        public Optional<byte[]> get(String key) {
            return Optional.empty();
        }

        @Override
        public boolean delete(String key) {
            return false;
        }

        @Override
        public Stream<StoredObject> list(String keyPrefix) {
            return Stream.empty();
        }
    }

    /** The class {@link NeedsMissingDependency} cannot find (hidden by the test's class loader). */
    public static class MissingDependency {
        public static MissingDependency valueOf(String value) {
            return new MissingDependency();
        }
    }

    /** Its static initialiser fails, as a connector's can when its SDK is broken. */
    public static class FailingInitialiser extends Delegating {
        static final String REGION = init();

        public FailingInitialiser() {
        }

        private static String init() {
            throw new IllegalStateException("SDK configuration is broken");
        }
    }
}
