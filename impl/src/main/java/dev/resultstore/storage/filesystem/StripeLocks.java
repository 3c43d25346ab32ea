package dev.resultstore.storage.filesystem;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises every change of one stripe of keys, among the threads of this JVM and, with OS file
 * locks, among processes: one lock file per stripe ({@code .resultstore-locks/NN}).
 *
 * <p>An OS lock ({@link FileChannel#lock()}, {@code fcntl} on Unix, also honoured by NFSv4)
 * belongs to the whole process: two channels of one JVM on one file would throw
 * {@code OverlappingFileLockException}, and closing either would drop the other's lock. So each
 * lock file has one JVM-wide entry, shared by every storage on the same directory, holding the
 * only channel and a lock that threads take first.
 */
final class StripeLocks implements AutoCloseable {

    static final int STRIPES = 64;

    private static final ConcurrentHashMap<String, LockFile> OPEN = new ConcurrentHashMap<>();

    /** A held stripe. */
    interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    private final LockFile[] stripes = new LockFile[STRIPES];
    private final boolean fileLocks;

    /**
     * @param directory  where the lock files are (created by the caller)
     * @param fileLocks  whether to take OS locks too ({@code false}: this JVM's threads only)
     * @param attributes for creating a lock file (its permissions)
     */
    StripeLocks(Path directory, boolean fileLocks, FileAttribute<?>... attributes) {
        this.fileLocks = fileLocks;
        for (int i = 0; i < STRIPES; i++) {
            Path file = directory.resolve(String.format("%02x", i));
            stripes[i] = OPEN.compute(file.toUri().toString(), (id, shared) -> {
                LockFile lock = shared == null ? new LockFile(file, attributes) : shared;
                lock.users++;
                return lock;
            });
        }
    }

    /** Takes the stripe of {@code key}, waiting for other threads and processes. */
    Held lock(String key) throws IOException {
        LockFile file = stripes[Math.floorMod(key.hashCode(), STRIPES)];
        file.threads.lock();
        if (!fileLocks) {
            return file.threads::unlock;
        }
        FileLock os;
        try {
            os = file.channel().lock();
        } catch (IOException | RuntimeException | Error e) {
            file.threads.unlock();
            throw e;
        }
        return () -> {
            try {
                os.release();
            } catch (ClosedChannelException released) {
                // closed by an interrupt: the OS lock went with the channel
            } finally {
                file.threads.unlock();
            }
        };
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (LockFile stripe : stripes) {
            try {
                stripe.release();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static final class LockFile {
        private final ReentrantLock threads = new ReentrantLock();
        private final Path path;
        private final FileAttribute<?>[] attributes;
        private FileChannel channel; // guarded by threads
        private int users; // guarded by OPEN's compute

        LockFile(Path path, FileAttribute<?>[] attributes) {
            this.path = path;
            this.attributes = attributes;
        }

        FileChannel channel() throws IOException {
            if (channel == null || !channel.isOpen()) {
                channel = FileChannel.open(path, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), attributes);
            }
            return channel;
        }

        void release() throws IOException {
            IOException[] failure = new IOException[1];
            OPEN.computeIfPresent(path.toUri().toString(), (id, lock) -> {
                if (--lock.users > 0) {
                    return lock;
                }
                lock.threads.lock();
                try {
                    if (lock.channel != null) {
                        lock.channel.close();
                    }
                } catch (IOException e) {
                    failure[0] = e;
                } finally {
                    lock.threads.unlock();
                }
                return null;
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
    }
}
