package dev.resultstore.impl;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.resultstore.spi.Storage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.storage.memory.MemoryStorage;

/** A memory storage whose first {@code failures} calls fail with {@code failWith} ("io" or "state"). */
public class FlakyStorage implements Storage {

    final AtomicInteger attempts = new AtomicInteger();
    private final MemoryStorage delegate = new MemoryStorage();
    private final String failWith;
    private final int failures;

    public FlakyStorage(String failWith, int failures) {
        this.failWith = failWith;
        this.failures = failures;
    }

    private void attempt() throws IOException {
        if (attempts.incrementAndGet() <= failures) {
            if (failWith.equals("io")) {
                throw new IOException("connection reset (simulated)");
            }
            throw new IllegalStateException("access denied (simulated)");
        }
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        attempt();
        delegate.put(key, value);
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        attempt();
        return delegate.get(key);
    }

    @Override
    public boolean delete(String key) throws IOException {
        attempt();
        return delegate.delete(key);
    }

    @Override
    public Stream<StoredObject> list(String keyPrefix) throws IOException {
        attempt();
        return delegate.list(keyPrefix);
    }
}
