package dev.resultstore.tck;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.resultstore.spi.ConditionalStorage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.spi.Versioned;

/**
 * The smallest storage that passes the TCK: a map in a {@link Location} that several instances
 * share, as nodes share a bucket. It is not the built-in memory storage, which lives in impl.
 * The broken storages of {@link BrokenStoragesFailTheContractTest} override one method each.
 */
class ReferenceStorage implements ConditionalStorage {

    record Entry(byte[] value, String version, Instant lastModified) {
    }

    /** What the instances on one location share, with the failures a test can inject. */
    static final class Location {
        final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
        final AtomicLong versions = new AtomicLong();
        final Set<String> unreadable = ConcurrentHashMap.newKeySet();
        final Set<String> undeletable = ConcurrentHashMap.newKeySet();
    }

    final Location location;
    private final AtomicBoolean closed = new AtomicBoolean();

    ReferenceStorage(Location location) {
        this.location = location;
    }

    Entry entry(byte[] value) {
        return new Entry(value.clone(), Long.toString(location.versions.incrementAndGet()), Instant.now());
    }

    void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this storage is closed");
        }
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        checkOpen();
        location.entries.put(key, entry(value));
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        return getVersioned(key).map(Versioned::value);
    }

    @Override
    public boolean delete(String key) throws IOException {
        checkOpen();
        if (location.undeletable.contains(key)) {
            throw new IOException("permission denied: cannot delete " + key);
        }
        return location.entries.remove(key) != null;
    }

    @Override
    public Stream<StoredObject> list(String keyPrefix) throws IOException {
        checkOpen();
        return location.entries.entrySet().stream()
                .filter(e -> e.getKey().startsWith(keyPrefix))
                .map(e -> new StoredObject(e.getKey(), e.getValue().value().length, e.getValue().lastModified()));
    }

    @Override
    public Optional<Versioned> getVersioned(String key) throws IOException {
        checkOpen();
        if (location.unreadable.contains(key)) {
            throw new IOException("permission denied: cannot read " + key);
        }
        return Optional.ofNullable(location.entries.get(key)).map(e -> new Versioned(e.value().clone(), e.version()));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value) throws IOException {
        checkOpen();
        return location.entries.putIfAbsent(key, entry(value)) == null;
    }

    @Override
    public boolean putIfVersion(String key, byte[] value, String expectedVersion) throws IOException {
        checkOpen();
        AtomicBoolean written = new AtomicBoolean();
        location.entries.computeIfPresent(key, (k, current) -> {
            if (!current.version().equals(expectedVersion)) {
                return current;
            }
            written.set(true);
            return entry(value);
        });
        return written.get();
    }

    /** Idempotent; every other call fails afterwards. */
    @Override
    public void close() {
        closed.set(true);
    }
}
