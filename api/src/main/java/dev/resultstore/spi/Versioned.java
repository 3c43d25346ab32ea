package dev.resultstore.spi;

/**
 * A value with the storage's version token (ETag, generation…), for conditional writes.
 *
 * @param value   the stored bytes
 * @param version the token to pass to {@link Storage#putIfVersion}; {@code null} when the storage has none
 */
public record Versioned(byte[] value, String version) {
}
