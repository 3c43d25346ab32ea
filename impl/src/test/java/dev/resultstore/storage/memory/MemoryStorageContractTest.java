package dev.resultstore.storage.memory;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.ConditionalStorageContractTest;

/**
 * The TCK against the memory storage. Its values live in one instance, so the "second instance
 * on the same location" is that instance itself: the cross-instance tests then prove what they
 * can for one JVM (visibility and races between threads), not persistence, which the memory
 * storage does not promise.
 */
class MemoryStorageContractTest extends ConditionalStorageContractTest {

    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();
    private final Set<String> undeletable = ConcurrentHashMap.newKeySet();

    @Override
    protected Storage createStorage() throws ReflectiveOperationException {
        MemoryStorage storage = new MemoryStorage();
        // A map that refuses what a test asks it to, standing in for a backend that refuses a read or a delete.
        Field entries = MemoryStorage.class.getDeclaredField("entries");
        entries.setAccessible(true);
        entries.set(storage, new RefusingMap());
        return storage;
    }

    @Override
    protected Storage createSecondInstance() {
        return storage;
    }

    /** Value lookups of the key fail; listing iterates the entries and never looks a value up by key. */
    @Override
    protected long makeUnreadable(String key) throws Exception {
        long size = storage.get(key).orElseThrow().length;
        unreadable.add(key);
        return size;
    }

    @Override
    protected void makeUndeletable(String key) {
        undeletable.add(key);
    }

    @Override
    protected void restoreDeletable(String key) {
        undeletable.remove(key);
    }

    /** Last-modified comes from the system clock (microseconds); a millisecond keeps the test short. */
    @Override
    protected Duration lastModifiedGranularity() {
        return Duration.ofMillis(1);
    }

    @SuppressWarnings({"rawtypes", "serial"})
    private final class RefusingMap extends ConcurrentHashMap {
        @Override
        public Object get(Object key) {
            if (unreadable.contains(key)) {
                throw new IllegalStateException("the test made " + key + " unreadable");
            }
            return super.get(key);
        }

        @Override
        public Object remove(Object key) {
            if (undeletable.contains(key)) {
                throw new IllegalStateException("the test made " + key + " undeletable");
            }
            return super.remove(key);
        }
    }
}
