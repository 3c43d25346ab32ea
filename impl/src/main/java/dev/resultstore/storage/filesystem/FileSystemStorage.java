package dev.resultstore.storage.filesystem;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Results as files in a local or shared directory ({@code resultstore.storage=filesystem}), one
 * file per key, as Celery's {@code file://} backend keeps them; the shared behaviour (atomic
 * replace, file locks for conditional writes across processes, permissions, long keys) is
 * {@link PathStorage}'s.
 *
 * <p>Parameters: {@code location} (default: a persistent directory, see
 * {@link #defaultLocation()}; an empty value is refused), and those of {@link PathStorage}.
 */
public final class FileSystemStorage extends PathStorage {

    private Path location;

    /** A storage in {@link #defaultLocation()}, until {@link #setLocation(Path)} says otherwise. */
    public FileSystemStorage() {
        this.location = defaultLocation();
    }

    public FileSystemStorage(Path location) {
        this.location = location;
    }

    public FileSystemStorage(Path location, boolean fsync) {
        this.location = location;
        setFsync(fsync);
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

    public Path location() {
        return location;
    }

    @Override
    protected Path openDirectory() throws IOException {
        if (location == null || location.toString().isBlank()) {
            throw new IllegalArgumentException("location is empty: give the directory to keep results in (an absolute path), "
                    + "or leave the parameter out for the default " + defaultLocation());
        }
        location = location.toAbsolutePath().normalize();
        return location;
    }

    @Override
    protected String where() {
        return "the directory " + location;
    }
}
