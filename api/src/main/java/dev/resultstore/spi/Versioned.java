package dev.resultstore.spi;

import java.util.Objects;

/**
 * A value with the storage's version token (ETag, generation…), for conditional writes.
 *
 * @param value   the stored bytes
 * @param version the token to pass to {@link ConditionalStorage#putIfVersion}; never {@code null}
 */
public record Versioned(byte[] value, String version) {
    public Versioned {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(version, "version");
    }
}
