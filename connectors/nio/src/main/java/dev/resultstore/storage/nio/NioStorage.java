package dev.resultstore.storage.nio;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

import dev.resultstore.storage.filesystem.PathStorage;

/**
 * Results in a directory of any {@code java.nio.file} file system ({@code resultstore.storage=nio}):
 * SFTP, Jimfs, {@code gs://}, or any other {@link FileSystemProvider} on the class path. The same
 * code as the {@code filesystem} storage ({@link PathStorage}); where the provider cannot move
 * atomically or lock files, start says which guarantee is lost and refuses unless
 * {@code allow-non-atomic=true}.
 *
 * <p>Parameters: {@code uri} (required: the file system and the directory, e.g.
 * {@code sftp://user@host:22/srv/results}), {@code environment.<name>} (given to
 * {@link FileSystemProvider#newFileSystem(URI, Map)}), and those of {@link PathStorage}.
 * An {@code environment.password} is also given in the URI's user info when the URI names a user
 * without one, where URI-based providers such as Apache MINA SSHD's SFTP read it; it never
 * appears in a message.
 */
public final class NioStorage extends PathStorage {

    private static final String PASSWORD = "password";

    private URI uri;
    private Path directory;
    private Map<String, String> environment = Map.of();
    private FileSystem opened;
    private FileSystem fileSystem;

    /** A storage configured by {@link #setUri(URI)} and {@link #setEnvironment(Map)}. */
    public NioStorage() {
    }

    public NioStorage(URI uri) {
        this.uri = uri;
    }

    /** A storage in {@code directory} of a file system the application opened itself. */
    public NioStorage(Path directory) {
        this.directory = directory;
    }

    public void setUri(URI uri) {
        this.uri = uri;
    }

    /** Entries for {@link FileSystemProvider#newFileSystem(URI, Map)}; {@code resultstore.storage.config.environment.<name>}. */
    public void setEnvironment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    protected Path openDirectory() throws IOException {
        if (directory != null) {
            fileSystem = directory.getFileSystem();
            return directory.toAbsolutePath().normalize();
        }
        if (uri == null || uri.getScheme() == null) {
            throw new IllegalArgumentException("uri is " + (uri == null ? "missing" : "'" + uri + "' without a scheme")
                    + ": give the file system and directory, e.g. sftp://user@host:22/srv/results, jimfs://results/dir "
                    + "or gs://bucket/folder");
        }
        FileSystemProvider provider = provider(uri.getScheme());
        String password = environment.get(PASSWORD);
        URI root = withRootPath(uri, password);
        FileSystem fileSystem;
        try {
            try {
                fileSystem = provider.newFileSystem(root, new LinkedHashMap<String, Object>(environment));
                opened = fileSystem;
            } catch (FileSystemAlreadyExistsException existing) {
                fileSystem = provider.getFileSystem(root);
            } catch (IllegalArgumentException | UnsupportedOperationException refused) {
                // A provider whose file systems the application creates itself (Jimfs): use the one it made.
                fileSystem = provider.getFileSystem(root);
            }
        } catch (IOException e) {
            throw new IOException("Cannot open " + display() + ": " + hide(e, password));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot open " + display() + ": " + hide(e, password));
        }
        this.fileSystem = fileSystem;
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        return fileSystem.getPath(path).toAbsolutePath().normalize();
    }

    // The provider of the scheme, among the installed ones and those the application's class loader sees.
    private static FileSystemProvider provider(String scheme) {
        List<FileSystemProvider> providers = new ArrayList<>(FileSystemProvider.installedProviders());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            ServiceLoader.load(FileSystemProvider.class, context).forEach(providers::add);
        }
        TreeSet<String> schemes = new TreeSet<>();
        for (FileSystemProvider provider : providers) {
            if (provider.getScheme().equalsIgnoreCase(scheme)) {
                return provider;
            }
            schemes.add(provider.getScheme());
        }
        throw new IllegalArgumentException("uri: no file system provider for the scheme '" + scheme + "'; installed schemes are "
                + String.join(", ", schemes) + ". Add the provider's jar to the application (e.g. sshd-sftp for sftp, "
                + "google-cloud-nio for gs)");
    }

    // The file system's own URI: scheme and authority, with the password in the user info where one is given.
    private static URI withRootPath(URI uri, String password) {
        String userInfo = uri.getUserInfo();
        if (password != null && userInfo != null && !userInfo.contains(":")) {
            userInfo = userInfo + ":" + password;
        }
        try {
            return uri.getHost() == null
                    ? new URI(uri.getScheme(), uri.getAuthority(), "/", null, null)
                    : new URI(uri.getScheme(), userInfo, uri.getHost(), uri.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("uri '" + displayOf(uri) + "' has no valid root: " + e.getReason());
        }
    }

    private static String hide(Exception e, String password) {
        String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return password == null || password.isEmpty() ? message : message.replace(password, "(hidden)");
    }

    private String display() {
        return directory != null ? directory.toUri().toString() : displayOf(uri);
    }

    // Without a password that someone put in the URI's user info.
    private static String displayOf(URI uri) {
        if (uri == null) {
            return "(no uri)";
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || !userInfo.contains(":")) {
            return uri.toString();
        }
        return uri.toString().replace(userInfo + "@", userInfo.substring(0, userInfo.indexOf(':')) + ":(hidden)@");
    }

    @Override
    protected boolean meansMissing(IOException failure) {
        return KnownProviders.meansMissing(failure);
    }

    @Override
    protected boolean movesAtomically() {
        return fileSystem == null || KnownProviders.movesAtomically(fileSystem);
    }

    @Override
    protected String where() {
        return display();
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            if (opened != null) {
                opened.close();
                opened = null;
            }
        }
    }
}
