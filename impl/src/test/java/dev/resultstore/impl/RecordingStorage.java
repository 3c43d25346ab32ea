package dev.resultstore.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.resultstore.spi.BatchDeleteResult;
import dev.resultstore.spi.Storage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.storage.filesystem.FileSystemStorage;

/**
 * Real files, with every call counted: configured as a JavaBean ({@code location},
 * {@code undeletable}, {@code failing-batch-key}, {@code failing-lists}).
 */
public class RecordingStorage implements Storage {

    static final AtomicInteger CLOSED = new AtomicInteger();

    final AtomicInteger calls = new AtomicInteger();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    /** When (System.nanoTime) each get was made. */
    final List<Long> getNanos = new CopyOnWriteArrayList<>();
    /** Each put as the key and the thread that made it. */
    final List<Map.Entry<String, Thread>> puts = new CopyOnWriteArrayList<>();
    private FileSystemStorage files;
    private Path location;
    private String undeletable = "";
    private int failingLists;
    private String failingBatchKey = "";
    final List<List<String>> failedBatches = new CopyOnWriteArrayList<>();

    public RecordingStorage() {
    }

    public void setLocation(Path location) {
        this.location = location;
    }

    /** A key that deleteAll reports as failed. */
    public void setUndeletable(String undeletable) {
        this.undeletable = undeletable;
    }

    /** A key whose whole batch deleteAll refuses (throws, deleting nothing), as a batch endpoint that is down would. */
    public void setFailingBatchKey(String failingBatchKey) {
        this.failingBatchKey = failingBatchKey;
    }

    /** How many list calls fail before they work. */
    public void setFailingLists(int failingLists) {
        this.failingLists = failingLists;
    }

    @Override
    public void start() throws IOException {
        if (location == null) {
            throw new IllegalArgumentException("location is required");
        }
        files = new FileSystemStorage(location);
        files.start();
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        calls.incrementAndGet();
        puts.add(Map.entry(key, Thread.currentThread()));
        files.put(key, value);
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        calls.incrementAndGet();
        getNanos.add(System.nanoTime());
        return files.get(key);
    }

    @Override
    public boolean delete(String key) throws IOException {
        calls.incrementAndGet();
        return files.delete(key);
    }

    @Override
    public Stream<StoredObject> list(String keyPrefix) throws IOException {
        calls.incrementAndGet();
        if (failingLists > 0) {
            failingLists--;
            throw new IllegalStateException("listing refused (simulated)");
        }
        return files.list(keyPrefix);
    }

    @Override
    public BatchDeleteResult deleteAll(Collection<String> keys) throws IOException {
        calls.incrementAndGet();
        batchSizes.add(keys.size());
        if (keys.contains(failingBatchKey)) {
            failedBatches.add(List.copyOf(keys));
            throw new IOException("batch delete refused (simulated)");
        }
        int deleted = 0;
        Map<String, Exception> failures = new LinkedHashMap<>();
        for (String key : keys) {
            if (key.equals(undeletable)) {
                failures.put(key, new IOException("permission denied (simulated)"));
            } else if (files.delete(key)) {
                deleted++;
            }
        }
        return new BatchDeleteResult(deleted, failures);
    }

    @Override
    public void close() {
        CLOSED.incrementAndGet();
    }
}
