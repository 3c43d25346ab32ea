package dev.resultstore.storage.filesystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Predicate;

/**
 * Where each key lives under the storage's directory, and which names are the storage's own.
 *
 * <p>A key is a file named after it directly in the directory when it can be: at most 255 bytes
 * of UTF-8 and not starting with {@value #RESERVED}. Every other key (a long prefix plus a long
 * id, or a key that looks like one of the storage's own names) lives under
 * {@value #LONG_DIRECTORY} as a chain of names of at most {@value #SEGMENT_BYTES} bytes: every
 * directory's name starts with {@value #DIRECTORY_MARK} and the file's with {@value #FILE_MARK}.
 * The marks make the mapping one-to-one whatever the key holds: a file never has the name of a
 * directory that another key needs, and no name there starts with {@code '.'} like the
 * storage's own temporary files.
 */
final class KeyLayout {

    /** Names of this storage's own entries in its directory start with it; keys that do are kept in the long tree. */
    static final String RESERVED = ".resultstore-";
    static final String TEMP_PREFIX = RESERVED + "tmp-";
    static final String LONG_DIRECTORY = RESERVED + "long";
    static final String LOCK_DIRECTORY = RESERVED + "locks";
    private static final char DIRECTORY_MARK = '+';
    private static final char FILE_MARK = '=';
    private static final int MAX_NAME_BYTES = 255;
    private static final int SEGMENT_BYTES = 200;

    private final Path root;
    private final Path longRoot;
    private final Predicate<IOException> missing;

    /** @param missing whether a failure means the file is not there (providers differ in how they say it) */
    KeyLayout(Path root, Predicate<IOException> missing) {
        this.root = root;
        this.longRoot = root.resolve(LONG_DIRECTORY);
        this.missing = missing;
    }

    /** Whether {@code failure} says that the file is not there. */
    boolean missing(IOException failure) {
        return failure instanceof NoSuchFileException || missing.test(failure);
    }

    Path root() {
        return root;
    }

    Path longRoot() {
        return longRoot;
    }

    /** The file of {@code key}; throws {@link IllegalArgumentException} for a key no file can be named after. */
    Path file(String key) {
        validate(key);
        if (!key.startsWith(RESERVED) && utf8Length(key, 0, key.length()) <= MAX_NAME_BYTES) {
            return root.resolve(key);
        }
        Path path = longRoot;
        int start = 0;
        while (true) {
            int end = start;
            int bytes = 1; // the mark
            while (end < key.length()) {
                int next = key.offsetByCodePoints(end, 1);
                int more = utf8Length(key, end, next);
                if (bytes + more > SEGMENT_BYTES) {
                    break;
                }
                bytes += more;
                end = next;
            }
            if (end == key.length()) {
                return path.resolve(FILE_MARK + key.substring(start));
            }
            path = path.resolve(DIRECTORY_MARK + key.substring(start, end));
            start = end;
        }
    }

    /** Whether {@code file} is in the long tree rather than directly in the directory. */
    boolean isLong(Path file) {
        return !root.equals(file.getParent());
    }

    /** The key of a file of the long tree, or {@code null} for anything else found there (temporary files). */
    String longKey(Path file) {
        Path relative = longRoot.relativize(file);
        StringBuilder key = new StringBuilder(300);
        int count = relative.getNameCount();
        for (int i = 0; i < count; i++) {
            String name = relative.getName(i).toString();
            char expected = i == count - 1 ? FILE_MARK : DIRECTORY_MARK;
            if (name.isEmpty() || name.charAt(0) != expected) {
                return null;
            }
            key.append(name, 1, name.length());
        }
        return key.toString();
    }

    /** Whether a name directly in the directory is a key's file (not one of the storage's own entries). */
    static boolean isKeyName(String name) {
        return !name.startsWith(RESERVED);
    }

    /**
     * Refuses to go on when a directory between the storage's directory and {@code file} is a
     * symbolic link (or not a directory): writes and deletes never leave the storage's directory.
     */
    void checkNoLinks(Path file) throws IOException {
        if (!isLong(file)) {
            return;
        }
        for (Path dir = longRoot; dir != null && !dir.equals(file); dir = dir.resolve(file.getName(dir.getNameCount()))) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                if (missing(e)) {
                    return; // created by this storage when needed
                }
                throw e;
            }
            if (!attributes.isDirectory()) {
                throw new IllegalStateException(dir + " is " + (attributes.isSymbolicLink() ? "a symbolic link" : "not a directory")
                        + "; the storage never writes or deletes through it (it could lead outside " + root
                        + "). Remove it: the storage creates the directories it needs itself");
            }
        }
    }

    private static void validate(String key) {
        if (key.isEmpty() || key.equals(".") || key.equals("..")) {
            throw new IllegalArgumentException("Key '" + key + "' cannot name a file");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean lone = Character.isHighSurrogate(c) ? i + 1 == key.length() || !Character.isLowSurrogate(key.charAt(++i))
                    : Character.isLowSurrogate(c);
            if (c == '/' || c == '\\' || Character.isISOControl(c) || lone) {
                throw new IllegalArgumentException("Key '" + key.replaceAll("\\p{Cntrl}", "?")
                        + "' cannot name a file: keys may not contain '/', '\\', control characters or unpaired surrogates");
            }
        }
    }

    private static int utf8Length(String text, int from, int to) {
        int bytes = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
