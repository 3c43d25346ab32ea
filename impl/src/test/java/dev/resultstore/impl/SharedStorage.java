package dev.resultstore.impl;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import dev.resultstore.spi.Storage;
import dev.resultstore.spi.StoredObject;

/**
 * A storage WITHOUT conditional writes whose instances with the same {@code name} share one map,
 * as two backends on one directory or bucket share their objects. Every put may be slow
 * ({@code delay-nanos}), to widen the window a check-then-put would lose in.
 */
public final class SharedStorage implements Storage {

    private static final Map<String, Map<String, byte[]>> SPACES = new ConcurrentHashMap<>();

    private final String name;
    private final Map<String, byte[]> objects;

    public SharedStorage(String name) {
        this.name = name;
        this.objects = SPACES.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }

    @Override
    public String description() {
        return "shared space '" + name + "'";
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        Thread.yield();
        objects.put(key, value.clone());
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(objects.get(key)).map(byte[]::clone);
    }

    @Override
    public boolean delete(String key) {
        return objects.remove(key) != null;
    }

    @Override
    public Stream<StoredObject> list(String keyPrefix) {
        return objects.entrySet().stream().filter(e -> e.getKey().startsWith(keyPrefix))
                .map(e -> new StoredObject(e.getKey(), e.getValue().length, Instant.now()));
    }
}
