package dev.resultstore.spi;

import java.io.IOException;
import java.util.Optional;

/**
 * A storage whose writes can be made conditional on the stored version, atomically for every
 * writer of the same location: other instances, processes and nodes (ETags, generations, OS file
 * locks). The backend uses it so that a ready state is never replaced by a late non-ready one,
 * and to take leases (one cleanup sweep per interval across nodes).
 *
 * <p>A version identifies one write: after a delete and a new put of the same bytes, the old
 * version must no longer match (no content hashes). Plain {@link #put}s and {@link #delete}s
 * change the version too.
 */
public interface ConditionalStorage extends Storage {

    /** The value with its current version, or empty when the key is absent. */
    Optional<Versioned> getVersioned(String key) throws IOException;

    /**
     * Stores {@code value} only if the stored version is still {@code expectedVersion}.
     *
     * @return {@code false} when the key is absent or another writer changed it first
     */
    boolean putIfVersion(String key, byte[] value, String expectedVersion) throws IOException;

    /**
     * Stores {@code value} only if {@code key} is absent.
     *
     * @return {@code false} when the key exists
     */
    boolean putIfAbsent(String key, byte[] value) throws IOException;
}
