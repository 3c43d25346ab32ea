package dev.resultstore.storage.filesystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The POSIX permissions of the storage's files ({@code rw-------} by default) and of its
 * directories (the same plus the matching {@code x} bits), set whatever the process umask.
 */
final class FilePermissions {

    static final String DEFAULT = "rw-------";

    private final Set<PosixFilePermission> files;
    private final Set<PosixFilePermission> directories;

    private FilePermissions(Set<PosixFilePermission> files) {
        this.files = files;
        this.directories = EnumSet.copyOf(files);
        addSearch(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
        addSearch(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE);
        addSearch(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    }

    private void addSearch(PosixFilePermission read, PosixFilePermission write, PosixFilePermission search) {
        if (files.contains(read) || files.contains(write)) {
            directories.add(search);
        }
    }

    /** Parses {@code rw-rw----}; throws {@link IllegalArgumentException} saying what is expected. */
    static FilePermissions parse(String text) {
        Set<PosixFilePermission> parsed;
        try {
            parsed = PosixFilePermissions.fromString(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("permissions '" + text + "' is not valid: give the result files' permissions "
                    + "as 9 characters in ls notation, e.g. rw------- (the default) or rw-rw---- for a group of nodes");
        }
        if (!parsed.contains(PosixFilePermission.OWNER_READ) || !parsed.contains(PosixFilePermission.OWNER_WRITE)) {
            throw new IllegalArgumentException("permissions '" + text + "' must let the owner read and write (rw-......): "
                    + "the storage reads and replaces its own files");
        }
        if (parsed.contains(PosixFilePermission.OWNER_EXECUTE) || parsed.contains(PosixFilePermission.GROUP_EXECUTE)
                || parsed.contains(PosixFilePermission.OTHERS_EXECUTE)) {
            throw new IllegalArgumentException("permissions '" + text + "' are for result files, which are not executable: "
                    + "leave out the x bits (directories get them from the r and w bits)");
        }
        return new FilePermissions(parsed);
    }

    Set<PosixFilePermission> files() {
        return files;
    }

    Set<PosixFilePermission> directories() {
        return directories;
    }

    FileAttribute<Set<PosixFilePermission>> fileAttribute() {
        return PosixFilePermissions.asFileAttribute(files);
    }

    /** Creates {@code directory} and its missing parents with the directory permissions, whatever the umask. */
    void createDirectories(Path directory) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path dir = directory; dir != null && Files.notExists(dir); dir = dir.getParent()) {
            missing.add(0, dir);
        }
        for (Path dir : missing) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(directories));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                continue; // another writer created it
            }
            if (!Files.getPosixFilePermissions(dir).equals(directories)) {
                Files.setPosixFilePermissions(dir, directories); // the umask took bits away
            }
        }
    }

    /**
     * What a directory's permissions let others do beyond {@link #directories()}, e.g.
     * "other users can list it", or {@code null} when it is not wider.
     */
    String wider(Set<PosixFilePermission> actual) {
        List<String> who = new ArrayList<>();
        if (lists(actual, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE)) {
            who.add("its group");
        }
        if (lists(actual, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE)) {
            who.add("all other users");
        }
        return who.isEmpty() ? null : String.join(" and ", who);
    }

    private boolean lists(Set<PosixFilePermission> actual, PosixFilePermission read, PosixFilePermission search) {
        return actual.contains(read) && actual.contains(search) && !(directories.contains(read) && directories.contains(search));
    }

    @Override
    public String toString() {
        return PosixFilePermissions.toString(files);
    }
}
