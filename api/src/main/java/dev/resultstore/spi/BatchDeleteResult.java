package dev.resultstore.spi;

import java.util.Map;

/**
 * What {@link Storage#deleteAll} did.
 *
 * @param deleted  how many keys were deleted
 * @param failures the keys that could not be deleted, with why
 */
public record BatchDeleteResult(int deleted, Map<String, Exception> failures) {
    public BatchDeleteResult {
        failures = Map.copyOf(failures);
    }
}
