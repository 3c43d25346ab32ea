package dev.resultstore.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import jakarta.enterprise.concurrent.ManageableThread;

import dev.resultstore.spi.BatchDeleteResult;
import dev.resultstore.spi.Storage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.storage.filesystem.FileSystemStorage;

/**
 * The filesystem storage, noting which threads delete: configured by class name
 * ({@code resultstore.storage=dev.resultstore.it.ObservedFileStorage}) to show that cleanup runs
 * on the server's ManagedScheduledExecutorService, whose threads are {@link ManageableThread}s.
 */
public class ObservedFileStorage implements Storage {

    /** Per deleting call: the thread's name, and whether it is a container-managed thread. */
    public record Deletion(String thread, boolean managed) {
    }

    static final List<Deletion> DELETIONS = new CopyOnWriteArrayList<>();

    private final FileSystemStorage files;

    public ObservedFileStorage(Path location) {
        this.files = new FileSystemStorage(location);
    }

    @Override
    public void start() throws IOException {
        files.start();
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        files.put(key, value);
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        return files.get(key);
    }

    @Override
    public boolean delete(String key) throws IOException {
        observeDeletion();
        return files.delete(key);
    }

    @Override
    public BatchDeleteResult deleteAll(Collection<String> keys) throws IOException {
        observeDeletion();
        return files.deleteAll(keys);
    }

    @Override
    public Stream<StoredObject> list(String keyPrefix) throws IOException {
        return files.list(keyPrefix);
    }

    @Override
    public void close() throws IOException {
        files.close();
    }

    private static void observeDeletion() {
        Thread thread = Thread.currentThread();
        DELETIONS.add(new Deletion(thread.getName(), thread instanceof ManageableThread));
    }
}
