package dev.resultstore.impl;

import java.io.IOException;
import java.net.ConnectException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import dev.resultstore.spi.Storage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.storage.memory.MemoryStorage;

/** A memory storage that a test can take down and bring back by name: every call fails while down. */
public final class OutageStorage implements Storage {

    private static final Map<String, AtomicBoolean> DOWN = new ConcurrentHashMap<>();

    private final MemoryStorage memory = new MemoryStorage();
    private final AtomicBoolean down;

    public OutageStorage(String name) {
        this.down = flag(name);
    }

    public static AtomicBoolean flag(String name) {
        return DOWN.computeIfAbsent(name, n -> new AtomicBoolean());
    }

    private void check() throws IOException {
        if (down.get()) {
            throw new ConnectException("storage unreachable (simulated outage)");
        }
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        check();
        memory.put(key, value);
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        check();
        return memory.get(key);
    }

    @Override
    public boolean delete(String key) throws IOException {
        check();
        return memory.delete(key);
    }

    @Override
    public Stream<StoredObject> list(String keyPrefix) throws IOException {
        check();
        return memory.list(keyPrefix);
    }
}
