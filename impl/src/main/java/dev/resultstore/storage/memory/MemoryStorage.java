package dev.resultstore.storage.memory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.resultstore.spi.ConditionalStorage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.spi.Versioned;

/**
 * Results in this JVM's memory ({@code resultstore.storage=memory}): for tests and
 * single-node applications whose results may be lost on restart. Conditional writes are
 * atomic, so state precedence holds between threads.
 */
public final class MemoryStorage implements ConditionalStorage {

    private record Entry(byte[] value, Instant lastModified, long version) {
    }

    // A hash map: keys share a long prefix (celery-task-meta-), which makes every comparison of
    // a sorted map slow. Listing is a full pass, which only cleanup and tools do.
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong versions = new AtomicLong();
    private final Clock clock;

    public MemoryStorage() {
        this(Clock.systemUTC());
    }

    /** A storage whose last-modified times come from {@code clock} (for expiry tests). */
    public MemoryStorage(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void put(String key, byte[] value) {
        entries.put(key, entry(value));
    }

    private Entry entry(byte[] value) {
        return new Entry(value.clone(), clock.instant(), versions.incrementAndGet());
    }

    @Override
    public Optional<byte[]> get(String key) {
        Entry entry = entries.get(key);
        return entry == null ? Optional.empty() : Optional.of(entry.value().clone());
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
        Entry entry = entries.get(key);
        return entry == null ? Optional.empty() : Optional.of(new Versioned(entry.value().clone(), Long.toString(entry.version())));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value) {
        return entries.putIfAbsent(key, entry(value)) == null;
    }

    @Override
    public boolean putIfVersion(String key, byte[] value, String expectedVersion) {
        Entry current = entries.get(key);
        // replace(key, old, new) is atomic and compares the entry we read.
        return current != null && Long.toString(current.version()).equals(expectedVersion)
                && entries.replace(key, current, entry(value));
    }

    @Override
    public String description() {
        return "memory of this JVM";
    }

    @Override
    public String toString() {
        return "memory storage (" + entries.size() + " entries)";
    }
}
