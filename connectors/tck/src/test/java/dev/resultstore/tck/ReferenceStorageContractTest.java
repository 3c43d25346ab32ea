package dev.resultstore.tck;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.resultstore.spi.ConditionalStorage;
import dev.resultstore.spi.Storage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.spi.Versioned;

/**
 * Runs the TCK against the smallest storage that can pass it, so that a TCK change that no
 * storage could pass fails here and not in every connector.
 */
class ReferenceStorageContractTest extends ConditionalStorageContractTest {

    @Override
    protected Storage createStorage() {
        return new ReferenceStorage();
    }

    /** Keeps nothing but a map; it is not the built-in memory storage, which lives in impl. */
    static final class ReferenceStorage implements ConditionalStorage {
        private record Entry(byte[] value, String version, Instant lastModified) {
        }

        private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
        private final AtomicLong versions = new AtomicLong();

        private Entry entry(byte[] value) {
            return new Entry(value.clone(), Long.toString(versions.incrementAndGet()), Instant.now());
        }

        @Override
        public void put(String key, byte[] value) {
            entries.put(key, entry(value));
        }

        @Override
        public Optional<byte[]> get(String key) {
            return getVersioned(key).map(Versioned::value);
        }

        @Override
        public boolean delete(String key) {
            return entries.remove(key) != null;
        }

        @Override
        public Stream<StoredObject> list(String keyPrefix) {
            return entries.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(keyPrefix))
                    .map(e -> new StoredObject(e.getKey(), e.getValue().value().length, e.getValue().lastModified()));
        }

        @Override
        public Optional<Versioned> getVersioned(String key) {
            return Optional.ofNullable(entries.get(key)).map(e -> new Versioned(e.value().clone(), e.version()));
        }

        @Override
        public boolean putIfAbsent(String key, byte[] value) {
            return entries.putIfAbsent(key, entry(value)) == null;
        }

        @Override
        public boolean putIfVersion(String key, byte[] value, String expectedVersion) {
            AtomicBoolean written = new AtomicBoolean();
            entries.compute(key, (k, current) -> {
                String currentVersion = current == null ? null : current.version();
                if (!expectedVersion.equals(currentVersion)) {
                    return current;
                }
                written.set(true);
                return entry(value);
            });
            return written.get();
        }
    }
}
