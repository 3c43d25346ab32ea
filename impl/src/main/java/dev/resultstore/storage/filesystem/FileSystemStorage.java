package dev.resultstore.storage.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import dev.resultstore.spi.Storage;
import dev.resultstore.spi.StoredObject;

/**
 * Results as files in a directory ({@code resultstore.storage=filesystem}), one file per key,
 * as Celery's {@code file://} backend keeps them. Every write goes to a temporary file in
 * the same directory ({@code .resultstore-tmp-…}: a rename within one directory is the cheapest
 * atomic replace) and is moved into place atomically, so readers never see
 * part of a result. With {@code fsync=true} the data and the directory entry are forced to disk
 * before a write returns.
 *
 * <p>A key longer than a file name may be (255 bytes) is kept as a chain of directories under
 * {@code <location>/.resultstore-long}, so that every valid task id works with any key prefix.
 *
 * <p>Parameters: {@code location} (default: a persistent directory, see
 * {@link #defaultLocation()}) and {@code fsync} (default {@code false}).
 */
public final class FileSystemStorage implements Storage {

    /** Names of this storage's own files start with it; no key may. */
    private static final String RESERVED = ".resultstore-";
    private static final String TEMP_PREFIX = RESERVED + "tmp-";
    private static final String LONG_DIRECTORY = RESERVED + "long";
    private static final Duration STALE_TEMP = Duration.ofHours(1);
    private static final int MAX_NAME_BYTES = 255;
    private static final int SEGMENT_BYTES = 200;

    private Path location;
    private boolean fsync;

    /** A storage in {@link #defaultLocation()}, until {@link #setLocation(Path)} says otherwise. */
    public FileSystemStorage() {
        this.location = defaultLocation();
    }

    public FileSystemStorage(Path location) {
        this.location = location;
    }

    public FileSystemStorage(Path location, boolean fsync) {
        this.location = location;
        this.fsync = fsync;
    }

    /**
     * The directory used when none is configured: {@code <jboss.server.data.dir>/resultstore}
     * under WildFly, else {@code ~/.resultstore/results}. Never inside a web root.
     */
    public static Path defaultLocation() {
        String serverData = System.getProperty("jboss.server.data.dir");
        if (serverData != null) {
            return Path.of(serverData, "resultstore");
        }
        return Path.of(System.getProperty("user.home"), ".resultstore", "results");
    }

    public void setLocation(Path location) {
        this.location = location;
    }

    public void setFsync(boolean fsync) {
        this.fsync = fsync;
    }

    public Path location() {
        return location;
    }

    @Override
    public void start() throws IOException {
        location = location.toAbsolutePath().normalize();
        if (Files.exists(location) && !Files.isDirectory(location)) {
            throw new IllegalArgumentException("location " + location + " is a file, not a directory");
        }
        Files.createDirectories(location);
        if (!Files.isWritable(location)) {
            throw new IllegalArgumentException("location " + location + " is not writable by this process");
        }
        deleteStaleTempFiles();
    }

    // Left behind by a process that died mid-write; an hour is far longer than any write takes.
    private void deleteStaleTempFiles() throws IOException {
        Instant cutoff = Instant.now().minus(STALE_TEMP);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(location, TEMP_PREFIX + "*")) {
            for (Path temp : temps) {
                try {
                    if (Files.getLastModifiedTime(temp).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(temp);
                    }
                } catch (IOException gone) {
                    // another node cleaned it up first
                }
            }
        }
    }

    private Path file(String key) {
        if (key.isEmpty() || key.indexOf('/') >= 0 || key.indexOf('\\') >= 0 || key.indexOf('\0') >= 0
                || key.equals(".") || key.equals("..") || key.startsWith(RESERVED)) {
            throw new IllegalArgumentException("Key '" + key + "' cannot name a file in " + location);
        }
        if (utf8Length(key, 0, key.length()) <= MAX_NAME_BYTES) {
            return location.resolve(key);
        }
        Path path = location.resolve(LONG_DIRECTORY);
        int start = 0;
        while (start < key.length()) {
            int end = start;
            while (end < key.length() && utf8Length(key, start, end + 1) <= SEGMENT_BYTES) {
                end++;
            }
            path = path.resolve(key.substring(start, end));
            start = end;
        }
        return path;
    }

    private static int utf8Length(String text, int from, int to) {
        int bytes = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        Path target = file(key);
        if (!target.getParent().equals(location)) {
            Files.createDirectories(target.getParent());
        }
        Path tmp = target.resolveSibling(TEMP_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            if (fsync) {
                try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(value);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
            } else {
                Files.write(tmp, value, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        if (fsync) {
            forceDirectory();
        }
    }

    private void forceDirectory() throws IOException {
        try (FileChannel directory = FileChannel.open(location, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory; the file itself is already on disk.
        }
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        Path file = file(key);
        // One unlink; Files.deleteIfExists would stat first. Only a failure needs telling apart.
        boolean deleted = file.toFile().delete() || Files.deleteIfExists(file);
        if (deleted && !file.getParent().equals(location)) {
            removeEmptyParents(file.getParent());
        }
        return deleted;
    }

    private void removeEmptyParents(Path directory) {
        Path longRoot = location.resolve(LONG_DIRECTORY);
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
        Stream<StoredObject> shortKeys = listShortKeys(keyPrefix);
        Path longRoot = location.resolve(LONG_DIRECTORY);
        if (!Files.isDirectory(longRoot)) {
            return shortKeys;
        }
        Stream<Path> walk = Files.walk(longRoot);
        Stream<StoredObject> longKeys = walk
                .filter(path -> Files.isRegularFile(path) && !path.getFileName().toString().startsWith(TEMP_PREFIX))
                .map(path -> {
                    StringBuilder key = new StringBuilder(300);
                    longRoot.relativize(path).forEach(segment -> key.append(segment));
                    return key.toString();
                })
                .filter(key -> key.startsWith(keyPrefix))
                .map(key -> {
                    try {
                        BasicFileAttributes attributes = Files.readAttributes(file(key), BasicFileAttributes.class);
                        return new StoredObject(key, attributes.size(), attributes.lastModifiedTime().toInstant());
                    } catch (NoSuchFileException vanished) {
                        return null;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .filter(java.util.Objects::nonNull);
        return Stream.concat(shortKeys, longKeys).onClose(walk::close);
    }

    private Stream<StoredObject> listShortKeys(String keyPrefix) throws IOException {
        DirectoryStream<Path> entries = Files.newDirectoryStream(location,
                path -> {
                    String name = path.getFileName().toString();
                    return name.startsWith(keyPrefix) && !name.startsWith(RESERVED);
                });
        Iterator<Path> paths = entries.iterator();
        Iterator<StoredObject> objects = new Iterator<>() {
            private StoredObject next;

            @Override
            public boolean hasNext() {
                while (next == null && paths.hasNext()) {
                    Path path = paths.next();
                    try {
                        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                        if (attributes.isRegularFile()) {
                            next = new StoredObject(path.getFileName().toString(), attributes.size(),
                                    attributes.lastModifiedTime().toInstant());
                        }
                    } catch (NoSuchFileException vanished) {
                        // deleted since the directory was read
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return next != null;
            }

            @Override
            public StoredObject next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                StoredObject current = next;
                next = null;
                return current;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(objects, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(() -> {
                    try {
                        entries.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    @Override
    public String description() {
        return "the directory " + location;
    }

    @Override
    public String toString() {
        return "filesystem storage in " + location;
    }
}
