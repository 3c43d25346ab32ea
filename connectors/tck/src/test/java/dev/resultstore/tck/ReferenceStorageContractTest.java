package dev.resultstore.tck;

import java.time.Duration;

import dev.resultstore.spi.Storage;

/**
 * Runs the TCK against the smallest storage that can pass it, so that a TCK change that no
 * storage could pass fails here and not in every connector.
 */
class ReferenceStorageContractTest extends ConditionalStorageContractTest {

    private ReferenceStorage.Location location;

    /** Opens an instance on {@code location}; the broken variants return theirs. */
    ReferenceStorage open(ReferenceStorage.Location location) {
        return new ReferenceStorage(location);
    }

    @Override
    protected Storage createStorage() {
        location = new ReferenceStorage.Location();
        return open(location);
    }

    @Override
    protected Storage createSecondInstance() {
        return open(location);
    }

    @Override
    protected long makeUnreadable(String key) {
        location.unreadable.add(key);
        return location.entries.get(key).value().length;
    }

    @Override
    protected void makeUndeletable(String key) {
        location.undeletable.add(key);
    }

    @Override
    protected void restoreDeletable(String key) {
        location.undeletable.remove(key);
    }

    /** Instant.now() has microseconds here; a millisecond keeps the last-modified test short. */
    @Override
    protected Duration lastModifiedGranularity() {
        return Duration.ofMillis(1);
    }
}
