package dev.resultstore.impl.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

import dev.resultstore.spi.BatchDeleteResult;
import dev.resultstore.spi.ConditionalStorage;
import dev.resultstore.spi.Storage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.spi.Versioned;

/**
 * Gives a storage without conditional writes the {@link ConditionalStorage} operations, atomic
 * among all writers of this JVM that reach the same location (several backends, several
 * applications of one server): mutations of a key take a lock shared JVM-wide by every
 * instance with the same {@link Storage#description()}, and a version is the count of mutations
 * of the key's lock stripe. Other processes and nodes are not covered; README says so per storage.
 */
public final class LocallyConditionalStorage implements ConditionalStorage {

    private static final int STRIPES = 256;
    private static final ConcurrentMap<String, Stripe[]> LOCATIONS = new ConcurrentHashMap<>();

    private static final class Stripe {
        long mutations;
    }

    private final Storage storage;
    private final Stripe[] stripes;

    public LocallyConditionalStorage(Storage storage) {
        this.storage = storage;
        this.stripes = LOCATIONS.computeIfAbsent(storage.getClass().getName() + " " + storage.description(), location -> {
            Stripe[] created = new Stripe[STRIPES];
            for (int i = 0; i < STRIPES; i++) {
                created[i] = new Stripe();
            }
            return created;
        });
    }

    private Stripe stripe(String key) {
        return stripes[(key.hashCode() & 0x7fffffff) % STRIPES];
    }

    Storage delegate() {
        return storage;
    }

    @Override
    public String description() {
        return storage.description();
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        Stripe stripe = stripe(key);
        synchronized (stripe) {
            storage.put(key, value);
            stripe.mutations++;
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        Stripe stripe = stripe(key);
        synchronized (stripe) {
            stripe.mutations++;
            return storage.delete(key);
        }
    }

    @Override
    public Optional<Versioned> getVersioned(String key) throws IOException {
        Stripe stripe = stripe(key);
        synchronized (stripe) {
            long version = stripe.mutations;
            return storage.get(key).map(value -> new Versioned(value, Long.toString(version)));
        }
    }

    @Override
    public boolean putIfVersion(String key, byte[] value, String expectedVersion) throws IOException {
        Stripe stripe = stripe(key);
        synchronized (stripe) {
            if (!Long.toString(stripe.mutations).equals(expectedVersion) || storage.get(key).isEmpty()) {
                return false;
            }
            storage.put(key, value);
            stripe.mutations++;
            return true;
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value) throws IOException {
        Stripe stripe = stripe(key);
        synchronized (stripe) {
            if (storage.get(key).isPresent()) {
                return false;
            }
            storage.put(key, value);
            stripe.mutations++;
            return true;
        }
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        return storage.get(key);
    }

    @Override
    public Optional<InputStream> openStream(String key) throws IOException {
        return storage.openStream(key);
    }

    @Override
    public Stream<StoredObject> list(String keyPrefix) throws IOException {
        return storage.list(keyPrefix);
    }

    @Override
    public BatchDeleteResult deleteAll(Collection<String> keys) throws IOException {
        for (String key : keys) {
            Stripe stripe = stripe(key);
            synchronized (stripe) {
                stripe.mutations++;
            }
        }
        return storage.deleteAll(keys);
    }

    @Override
    public void close() throws IOException {
        storage.close();
    }
}
