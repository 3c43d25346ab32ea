package dev.resultstore.storage.filesystem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.resultstore.spi.ConditionalStorage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.spi.Versioned;

/**
 * Results as files under a directory of any {@link java.nio.file.FileSystem}, one file per key
 * (see {@link KeyLayout}): the one implementation behind the {@code filesystem} storage and the
 * {@code nio} connector.
 *
 * <p>Every write goes to a temporary file beside its target, created with the final permissions,
 * and is moved into place atomically, so readers never see part of a result. Every change
 * (put, delete and the conditional writes) holds the lock of its key's stripe, across processes
 * where the file system has file locks: that is what makes {@link #putIfVersion} and
 * {@link #putIfAbsent} atomic for every writer of the directory. A version is the file's
 * identity (inode), modification time and size, read under the lock; where the file system has
 * no file identities, the time, size and a hash of the content.
 *
 * <p>Parameters shared by both storages: {@code fsync} (default {@code false}),
 * {@code permissions} (default {@code rw-------}; directories get the matching {@code x} bits),
 * {@code create-directories} (default {@code true}) and {@code allow-non-atomic} (default
 * {@code false}: refuse a file system that cannot move atomically or lock files).
 */
public abstract class PathStorage implements ConditionalStorage {

    private static final Set<OpenOption> CREATE_NEW = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final Set<OpenOption> REPLACE = Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    private static final AtomicLong LAST_STAMP = new AtomicLong();

    private boolean fsync;
    private boolean createDirectories = true;
    private boolean allowNonAtomic;
    private FilePermissions permissions = FilePermissions.parse(FilePermissions.DEFAULT);

    private KeyLayout layout;
    private PathCapabilities capabilities;
    private StripeLocks locks;
    private FileAttribute<?>[] fileAttributes;
    private boolean defaultFileSystem;

    protected PathStorage() {
    }

    /** Forces data and directory entries to disk before a write returns. */
    public void setFsync(boolean fsync) {
        this.fsync = fsync;
    }

    /** Result files' POSIX permissions in ls notation, e.g. {@code rw-rw----}; directories get the matching x bits. */
    public void setPermissions(String permissions) {
        this.permissions = FilePermissions.parse(permissions);
    }

    /** Whether a missing directory is created at start (else start fails). */
    public void setCreateDirectories(boolean createDirectories) {
        this.createDirectories = createDirectories;
    }

    /** Starts even where the file system cannot move atomically or lock files, with a warning saying what is lost. */
    public void setAllowNonAtomic(boolean allowNonAtomic) {
        this.allowNonAtomic = allowNonAtomic;
    }

    /** The directory results are kept in; called once by {@link #start()}. */
    protected abstract Path openDirectory() throws IOException;

    /** "the directory /srv/results" or "sftp://host/srv/results", for messages. */
    protected abstract String where();

    /** Whether a failure other than {@link NoSuchFileException} says a file is not there (providers differ). */
    protected boolean meansMissing(IOException failure) {
        return false;
    }

    /**
     * Whether a move with {@code ATOMIC_MOVE} that the file system accepts really is atomic;
     * {@code false} for providers known to delete the target and then rename.
     */
    protected boolean movesAtomically() {
        return true;
    }

    @Override
    public void start() throws IOException {
        Path root = openDirectory();
        layout = new KeyLayout(root, this::meansMissing);
        defaultFileSystem = root.getFileSystem() == FileSystems.getDefault();
        try {
            capabilities = PathCapabilities.probe(layout, permissions, createDirectories, allowNonAtomic, movesAtomically(), where());
        } catch (IOException | UncheckedIOException e) {
            // Remote providers connect on first use: say where it failed.
            IOException cause = e instanceof UncheckedIOException ? ((UncheckedIOException) e).getCause() : (IOException) e;
            throw new IOException("Cannot use " + where() + ": " + cause, cause);
        }
        fileAttributes = capabilities.posix() ? new FileAttribute<?>[] {permissions.fileAttribute()} : new FileAttribute<?>[0];
        locks = capabilities.locks();
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        Path file = layout.file(key);
        try (StripeLocks.Held held = locks.lock(key)) {
            write(file, value, held);
        }
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        Path file = layout.file(key);
        if (!capabilities.atomicMove()) {
            // A replace is a delete and a rename here: read between writes, not during one.
            try (StripeLocks.Held held = locks.lock(key)) {
                return read(file);
            }
        }
        return read(file);
    }

    private Optional<byte[]> read(Path file) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            if (layout.missing(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<InputStream> openStream(String key) throws IOException {
        if (!capabilities.atomicMove()) {
            return get(key).map(ByteArrayInputStream::new);
        }
        try {
            return Optional.of(Files.newInputStream(layout.file(key)));
        } catch (IOException e) {
            if (layout.missing(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        Path file = layout.file(key);
        boolean deleted;
        try (StripeLocks.Held held = locks.lock(key)) {
            layout.checkNoLinks(file);
            // One unlink on the default file system; Files.deleteIfExists would stat first.
            deleted = defaultFileSystem && file.toFile().delete() || Files.deleteIfExists(file);
            if (deleted && countsChanges()) {
                held.advance();
            }
        } catch (IOException e) {
            if (!layout.missing(e)) {
                throw e;
            }
            deleted = false;
        }
        if (deleted && layout.isLong(file)) {
            removeEmptyParents(file.getParent());
        }
        return deleted;
    }

    private void removeEmptyParents(Path directory) {
        Path longRoot = layout.longRoot();
        for (Path dir = directory; dir != null && dir.startsWith(longRoot) && !dir.equals(longRoot); dir = dir.getParent()) {
            try {
                Files.delete(dir);
            } catch (IOException notEmptyOrGone) {
                return;
            }
        }
    }

    @Override
    public Stream<StoredObject> list(String keyPrefix) throws IOException {
        return PathListing.list(layout, keyPrefix);
    }

    @Override
    public Optional<Versioned> getVersioned(String key) throws IOException {
        Path file = layout.file(key);
        try (StripeLocks.Held held = locks.lock(key)) {
            BasicFileAttributes attributes = attributes(file);
            if (attributes == null) {
                return Optional.empty();
            }
            Optional<byte[]> value = read(file);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Versioned(value.get(), version(attributes, held)));
        }
    }

    @Override
    public boolean putIfVersion(String key, byte[] value, String expectedVersion) throws IOException {
        Path file = layout.file(key);
        try (StripeLocks.Held held = locks.lock(key)) {
            BasicFileAttributes attributes = attributes(file);
            if (attributes == null
                    || !version(attributes, held).equals(expectedVersion)) {
                return false;
            }
            write(file, value, held);
            return true;
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value) throws IOException {
        Path file = layout.file(key);
        try (StripeLocks.Held held = locks.lock(key)) {
            if (attributes(file) != null) {
                return false;
            }
            write(file, value, held);
            return true;
        }
    }

    private BasicFileAttributes attributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            if (layout.missing(e)) {
                return null;
            }
            throw e;
        }
    }

    // Identity, or a unique time stamp, + time + size tell writes apart. Where files carry neither
    // (SFTP keeps whole seconds), the stripe's change count does: stricter, since a change of another
    // key of the stripe also fails a putIfVersion, which the caller then retries with a fresh read.
    private String version(BasicFileAttributes attributes, StripeLocks.Held held) throws IOException {
        String timeAndSize = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "/" + attributes.size();
        if (capabilities.fileKeys()) {
            return attributes.fileKey() + "/" + timeAndSize;
        }
        if (capabilities.exactTimes()) {
            return timeAndSize;
        }
        return "g" + held.generation() + "/" + timeAndSize;
    }

    private boolean countsChanges() {
        return !capabilities.fileKeys() && !capabilities.exactTimes();
    }

    /** Replaces {@code file} atomically; the caller holds the key's stripe. */
    private void write(Path file, byte[] value, StripeLocks.Held held) throws IOException {
        if (countsChanges()) {
            held.advance(); // before the write: a failed write may still have changed the file
        }
        boolean isLong = layout.isLong(file);
        if (isLong) {
            layout.checkNoLinks(file);
        }
        if (!capabilities.atomicMove()) {
            // A move would be a delete and a rename (or a copy) anyway: write in place; readers here wait for the lock.
            writeFile(file, REPLACE, value, isLong);
            stamp(file);
            return;
        }
        Path tmp = file.resolveSibling(KeyLayout.TEMP_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            writeFile(tmp, CREATE_NEW, value, isLong);
            if (capabilities.chmodEachWrite()) {
                Files.setPosixFilePermissions(tmp, permissions.files());
            }
            stamp(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        if (fsync) {
            forceDirectory(file.getParent());
        }
    }

    private void writeFile(Path tmp, Set<OpenOption> options, byte[] value, boolean isLong) throws IOException {
        for (int attempt = 1; ; attempt++) {
            if (isLong) {
                capabilities.createDirectories(tmp.getParent());
            }
            try (SeekableByteChannel channel = Files.newByteChannel(tmp, options, fileAttributes)) {
                ByteBuffer buffer = ByteBuffer.wrap(value);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (fsync && channel instanceof FileChannel) {
                    ((FileChannel) channel).force(true);
                }
                return;
            } catch (IOException e) {
                // A delete of another long key removed the emptied directory meanwhile: create it again.
                if (!isLong || attempt == 3 || !layout.missing(e)) {
                    throw e;
                }
            }
        }
    }

    // A unique time tells two writes of the same bytes apart where nothing else does, and where a
    // freed inode comes back for a later write.
    private void stamp(Path file) throws IOException {
        if (capabilities.exactTimes()) {
            Files.setLastModifiedTime(file, FileTime.from(uniqueNanos(), TimeUnit.NANOSECONDS));
        }
    }

    private static long uniqueNanos() {
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return LAST_STAMP.accumulateAndGet(nanos, (last, candidate) -> Math.max(last + 1, candidate));
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open a directory; the file itself is already on disk.
        }
    }

    @Override
    public void close() throws IOException {
        if (locks != null) {
            locks.close();
            locks = null;
        }
    }

    @Override
    public String description() {
        return where();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " in " + where();
    }
}
