package dev.resultstore.storage.filesystem;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.time.Duration;
import java.util.Set;
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
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(30);

    private static final ConcurrentHashMap<LockId, LockFile> OPEN = new ConcurrentHashMap<>();

    /** A held stripe. */
    interface Held extends AutoCloseable {
        /**
         * How many changes the stripe has seen: kept in the lock file (in memory without OS locks),
         * for file systems whose files carry nothing else that tells two writes apart.
         */
        long generation() throws IOException;

        /** Counts one more change of the stripe. */
        void advance() throws IOException;

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
        Path real = realPath(directory);
        for (int i = 0; i < STRIPES; i++) {
            Path file = real.resolve(String.format("%02x", i));
            LockId id = new LockId(file.getFileSystem(), file.toString());
            stripes[i] = OPEN.compute(id, (same, shared) -> {
                LockFile lock = shared == null ? new LockFile(id, file, attributes) : shared;
                lock.users++;
                return lock;
            });
        }
    }

    // Two storages reaching one directory by different paths (links) must share its lock files.
    private static Path realPath(Path directory) {
        try {
            return directory.toRealPath();
        } catch (IOException | UnsupportedOperationException e) {
            return directory;
        }
    }

    /** One lock file: the file system (by identity) and the path in it. */
    private record LockId(java.nio.file.FileSystem fileSystem, String path) {
    }

    /** Takes the stripe of {@code key}, waiting for other threads and processes. */
    Held lock(String key) throws IOException {
        LockFile file = stripes[Math.floorMod(key.hashCode(), STRIPES)];
        file.threads.lock();
        FileLock os;
        try {
            os = fileLocks ? file.osLock() : null;
        } catch (IOException | RuntimeException | Error e) {
            file.threads.unlock();
            throw e;
        }
        return new Held() {
            @Override
            public long generation() throws IOException {
                return os == null ? file.generation : file.readGeneration();
            }

            @Override
            public void advance() throws IOException {
                if (os == null) {
                    file.generation++;
                } else {
                    file.writeGeneration(file.readGeneration() + 1);
                }
            }

            @Override
            public void close() throws IOException {
                try {
                    if (os != null) {
                        os.release();
                    }
                } catch (ClosedChannelException released) {
                    // closed by an interrupt: the OS lock went with the channel
                } finally {
                    file.threads.unlock();
                }
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
        private final LockId id;
        private final Path path;
        private final FileAttribute<?>[] attributes;
        private FileChannel channel; // guarded by threads
        private long generation; // guarded by threads; without OS locks
        private int users; // guarded by OPEN's compute

        LockFile(LockId id, Path path, FileAttribute<?>[] attributes) {
            this.id = id;
            this.path = path;
            this.attributes = attributes;
        }

        /**
         * Waits for the OS lock. Some providers' {@code lock()} only tries (SFTP: the server answers
         * "conflict" at once); they are asked again, with growing pauses, for up to {@link #WAIT_LIMIT}.
         */
        FileLock osLock() throws IOException {
            long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
            for (long pause = 1; ; pause = Math.min(pause * 2, 50)) {
                try {
                    if (channel == null || !channel.isOpen()) {
                        channel = FileChannel.open(path,
                                Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE), attributes);
                    }
                    return channel.lock();
                } catch (OverlappingFileLockException heldByAnotherClient) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new IOException("The lock file " + path + " stayed locked by another writer for " + WAIT_LIMIT);
                    }
                    pause(pause);
                } catch (IOException e) {
                    // A channel of a broken connection stays "open": start again with a new one next time.
                    closeChannel();
                    throw e;
                }
            }
        }

        long readGeneration() throws IOException {
            ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES);
            while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0) {
                // a short read of a remote channel: read the rest
            }
            return bytes.hasRemaining() ? 0 : bytes.getLong(0);
        }

        void writeGeneration(long value) throws IOException {
            ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES).putLong(0, value);
            while (bytes.hasRemaining()) {
                channel.write(bytes, bytes.position());
            }
        }

        private static void pause(long millis) throws InterruptedIOException {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a stripe lock");
            }
        }

        private void closeChannel() {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException | RuntimeException alreadyBroken) {
                // the channel is being replaced because it failed
            }
            channel = null;
        }

        void release() throws IOException {
            IOException[] failure = new IOException[1];
            OPEN.computeIfPresent(id, (same, lock) -> {
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
