package dev.resultstore.impl;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.resultstore.spi.ConditionalStorage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.spi.Versioned;

/** Like {@link SharedStorage}, with conditional writes: instances with one {@code name} are nodes on one bucket. */
public final class SharedConditionalStorage implements ConditionalStorage {

    private record Entry(byte[] value, long version, Instant lastModified) {
    }

    private static final Map<String, Map<String, Entry>> SPACES = new ConcurrentHashMap<>();
    private static final AtomicLong VERSIONS = new AtomicLong();

    private final String name;
    private final Map<String, Entry> objects;

    public SharedConditionalStorage(String name) {
        this.name = name;
        this.objects = SPACES.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }

    /** Makes {@code key} look last written at {@code when}. */
    public void age(String key, Instant when) {
        objects.computeIfPresent(key, (k, e) -> new Entry(e.value(), e.version(), when));
    }

    private static Entry entry(byte[] value) {
        return new Entry(value.clone(), VERSIONS.incrementAndGet(), Instant.now());
    }

    @Override
    public String description() {
        return "shared conditional space '" + name + "'";
    }

    @Override
    public void put(String key, byte[] value) {
        objects.put(key, entry(value));
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(objects.get(key)).map(e -> e.value().clone());
    }

    @Override
    public boolean delete(String key) {
        return objects.remove(key) != null;
    }

    @Override
    public Stream<StoredObject> list(String keyPrefix) {
        return objects.entrySet().stream().filter(e -> e.getKey().startsWith(keyPrefix))
                .map(e -> new StoredObject(e.getKey(), e.getValue().value().length, e.getValue().lastModified()));
    }

    @Override
    public Optional<Versioned> getVersioned(String key) {
        return Optional.ofNullable(objects.get(key)).map(e -> new Versioned(e.value().clone(), Long.toString(e.version())));
    }

    @Override
    public boolean putIfVersion(String key, byte[] value, String expectedVersion) {
        Entry current = objects.get(key);
        return current != null && Long.toString(current.version()).equals(expectedVersion)
                && objects.replace(key, current, entry(value));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value) {
        return objects.putIfAbsent(key, entry(value)) == null;
    }
}
