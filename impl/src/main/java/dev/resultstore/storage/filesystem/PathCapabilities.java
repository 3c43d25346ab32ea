package dev.resultstore.storage.filesystem;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Prepares a storage's directory at start and finds out, by trying, what its file system can
 * do: POSIX permissions, file identities, atomic moves, file locks. A missing guarantee is named
 * and refused unless {@code allow-non-atomic=true}.
 */
final class PathCapabilities {

    private static final Logger LOG = Logger.getLogger(PathStorage.class.getName());
    private static final Duration STALE_TEMP = Duration.ofHours(1);

    private final FilePermissions permissions;
    private final boolean posix;
    private final boolean fileKeys;
    private final boolean exactTimes;
    private final boolean atomicMove;
    private final boolean chmodEachWrite;
    private final StripeLocks locks;

    private PathCapabilities(FilePermissions permissions, boolean posix, boolean fileKeys, boolean exactTimes,
            boolean atomicMove, boolean chmodEachWrite, StripeLocks locks) {
        this.permissions = permissions;
        this.posix = posix;
        this.fileKeys = fileKeys;
        this.exactTimes = exactTimes;
        this.atomicMove = atomicMove;
        this.chmodEachWrite = chmodEachWrite;
        this.locks = locks;
    }

    static PathCapabilities probe(KeyLayout layout, FilePermissions permissions, boolean createDirectories,
            boolean allowNonAtomic, boolean trustAtomicMove, String where) throws IOException {
        Path root = layout.root();
        boolean posix = root.getFileSystem().supportedFileAttributeViews().contains("posix") && readsPermissions(root);
        BasicFileAttributes existing;
        try {
            existing = Files.readAttributes(root, BasicFileAttributes.class);
        } catch (IOException e) {
            if (!layout.missing(e)) {
                throw e;
            }
            existing = null;
        }
        if (existing != null && !existing.isDirectory()) {
            throw new IllegalArgumentException("location " + where + " is a file, not a directory");
        }
        if (existing == null && !createDirectories) {
            throw new IllegalArgumentException("location " + where + " does not exist: create it, or set create-directories=true");
        }
        PathCapabilities partial = new PathCapabilities(permissions, posix, false, false, false, false, null);
        if (existing == null) {
            partial.createDirectories(root);
        } else if (posix) {
            warnIfWider(root, permissions, where);
        }
        refuseLinks(layout, layout.longRoot(), where);
        refuseLinks(layout, root.resolve(KeyLayout.LOCK_DIRECTORY), where);
        deleteStaleTempFiles(root);

        FileAttribute<?>[] attributes = posix ? new FileAttribute<?>[] {permissions.fileAttribute()} : new FileAttribute<?>[0];
        String probe = KeyLayout.TEMP_PREFIX + "probe-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        Path first = root.resolve(probe + "-1");
        Path second = root.resolve(probe + "-2");
        boolean fileKeys;
        boolean exactTimes;
        boolean chmodEachWrite;
        boolean atomicMove = trustAtomicMove;
        try {
            try {
                Files.newByteChannel(first, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes).close();
            } catch (AccessDeniedException e) {
                throw new IllegalArgumentException("location " + where + " is not writable by this process: give its user write access");
            }
            fileKeys = Files.readAttributes(first, BasicFileAttributes.class).fileKey() != null;
            exactTimes = keepsExactTimes(first);
            chmodEachWrite = posix && !Files.getPosixFilePermissions(first).equals(permissions.files());
            Files.newByteChannel(second, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes).close();
            try {
                Files.move(first, second, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException | UnsupportedOperationException e) {
                atomicMove = false;
            }
        } finally {
            Files.deleteIfExists(first);
            Files.deleteIfExists(second);
        }

        Path lockDirectory = root.resolve(KeyLayout.LOCK_DIRECTORY);
        partial.createDirectories(lockDirectory);
        StripeLocks locks = new StripeLocks(lockDirectory, true, attributes);
        String noLocks = null;
        try (StripeLocks.Held held = locks.lock("")) {
            // the file system can lock files
        } catch (IOException | UnsupportedOperationException e) {
            noLocks = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            locks.close();
            locks = new StripeLocks(lockDirectory, false, attributes);
        }

        List<String> lost = new ArrayList<>();
        if (!atomicMove) {
            lost.add("atomic replace (the file system cannot rename over a file atomically, so results are written in place: "
                    + "this storage's reads wait for the stripe lock, but other programs reading the directory may see a result "
                    + "half-written)");
        }
        if (noLocks != null) {
            lost.add("state precedence across processes (no file locks: " + noLocks
                    + "; conditional writes are atomic only among the writers in this JVM)");
        }
        if (!lost.isEmpty()) {
            String message = "location " + where + " cannot keep these guarantees: " + String.join("; ", lost);
            if (!allowNonAtomic) {
                locks.close();
                throw new IllegalArgumentException(message + ". Set allow-non-atomic=true to use it anyway");
            }
            LOG.warning(() -> "ResultStore: " + message + " (allowed by allow-non-atomic=true)");
        }
        return new PathCapabilities(permissions, posix, fileKeys, exactTimes, atomicMove, chmodEachWrite, locks);
    }

    // Whether a modification time set to the nanosecond reads back the same (SFTP v3 keeps seconds only).
    private static boolean keepsExactTimes(Path file) {
        FileTime odd = FileTime.from(Instant.now().getEpochSecond() * 1_000_000_000L + 123_456_789L, TimeUnit.NANOSECONDS);
        try {
            Files.setLastModifiedTime(file, odd);
            return Files.getLastModifiedTime(file).equals(odd);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    // Some providers list the posix view but cannot read it (google-cloud-nio): ask the nearest existing directory.
    private static boolean readsPermissions(Path root) {
        for (Path dir = root; dir != null; dir = dir.getParent()) {
            try {
                Files.getPosixFilePermissions(dir);
                return true;
            } catch (UnsupportedOperationException e) {
                return false;
            } catch (IOException absentOrUnreadable) {
                // try the parent
            }
        }
        return false;
    }

    boolean posix() {
        return posix;
    }

    /** Whether files have identities (inodes) that tell two writes apart. */
    boolean fileKeys() {
        return fileKeys;
    }

    /** Whether a write can be stamped with a unique modification time that reads back exactly. */
    boolean exactTimes() {
        return exactTimes;
    }

    boolean atomicMove() {
        return atomicMove;
    }

    /** Whether the umask takes bits away from files created with the permissions, so each needs a chmod. */
    boolean chmodEachWrite() {
        return chmodEachWrite;
    }

    StripeLocks locks() {
        return locks;
    }

    /** Creates {@code directory} and missing parents, with the storage's permissions where POSIX. */
    void createDirectories(Path directory) throws IOException {
        if (posix) {
            permissions.createDirectories(directory);
        } else {
            Files.createDirectories(directory);
        }
    }

    private static void warnIfWider(Path root, FilePermissions permissions, String where) throws IOException {
        Set<PosixFilePermission> actual = Files.getPosixFilePermissions(root);
        String who = permissions.wider(actual);
        if (who != null) {
            LOG.warning(() -> "ResultStore: " + where + " is " + PosixFilePermissions.toString(actual)
                    + ": " + who + " can list the task ids stored there, and read any result file whose own permissions "
                    + "allow it. New results are written " + permissions + ". It is used as it is; to restrict it: chmod "
                    + PosixFilePermissions.toString(permissions.directories()) + " " + root);
        }
    }

    // A reserved directory that is a link could lead writes and deletes outside the storage's directory.
    private static void refuseLinks(KeyLayout layout, Path reserved, String where) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(reserved, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isDirectory()) {
                throw new IllegalArgumentException(reserved + " in " + where + " is "
                        + (attributes.isSymbolicLink() ? "a symbolic link" : "not a directory")
                        + ": the storage never writes or deletes through it, since it could lead outside the directory. "
                        + "Remove it; the storage creates its own directories");
            }
        } catch (IOException e) {
            if (!layout.missing(e)) {
                throw e; // else: created when needed
            }
        }
    }

    // Left behind by a process that died mid-write; an hour is far longer than any write takes.
    private static void deleteStaleTempFiles(Path root) throws IOException {
        Instant cutoff = Instant.now().minus(STALE_TEMP);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(root,
                path -> path.getFileName().toString().startsWith(KeyLayout.TEMP_PREFIX))) {
            for (Path temp : temps) {
                try {
                    if (Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(temp);
                    }
                } catch (IOException gone) {
                    // another process cleaned it up first
                }
            }
        }
    }
}
