package dev.resultstore.spi;

import java.time.Instant;

/**
 * One listed object.
 *
 * @param key          the full key
 * @param size         its size in bytes
 * @param lastModified when it was last written
 */
public record StoredObject(String key, long size, Instant lastModified) {
}
