package dev.resultstore.storage.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import dev.resultstore.spi.StoredObject;

/** Lists the keys of a {@link KeyLayout} by prefix from directory entries and attributes, never reading a file. */
final class PathListing {

    private PathListing() {
    }

    static Stream<StoredObject> list(KeyLayout layout, String keyPrefix) throws IOException {
        Stream<StoredObject> shortKeys = listDirectory(layout, keyPrefix);
        Path longRoot = layout.longRoot();
        if (!Files.isDirectory(longRoot, LinkOption.NOFOLLOW_LINKS)) {
            return shortKeys;
        }
        Stream<Path> walk = Files.walk(longRoot);
        Stream<StoredObject> longKeys = walk
                .map(path -> {
                    String key = layout.longKey(path);
                    return key != null && key.startsWith(keyPrefix) ? stored(layout, key, path) : null;
                })
                .filter(Objects::nonNull);
        return Stream.concat(shortKeys, longKeys).onClose(walk::close);
    }

    private static Stream<StoredObject> listDirectory(KeyLayout layout, String keyPrefix) throws IOException {
        DirectoryStream<Path> entries = Files.newDirectoryStream(layout.root(), path -> {
            String name = path.getFileName().toString();
            return name.startsWith(keyPrefix) && KeyLayout.isKeyName(name);
        });
        Iterator<Path> paths = entries.iterator();
        Iterator<StoredObject> objects = new Iterator<>() {
            private StoredObject next;

            @Override
            public boolean hasNext() {
                while (next == null && paths.hasNext()) {
                    Path path = paths.next();
                    next = stored(layout, path.getFileName().toString(), path);
                }
                return next != null;
            }

            @Override
            public StoredObject next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
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

    /** The listed object of a key's regular file; {@code null} for anything else or a file deleted meanwhile. */
    private static StoredObject stored(KeyLayout layout, String key, Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile()
                    ? new StoredObject(key, attributes.size(), attributes.lastModifiedTime().toInstant()) : null;
        } catch (IOException e) {
            if (layout.missing(e)) {
                return null; // deleted since the directory was read
            }
            throw new UncheckedIOException(e);
        }
    }
}
