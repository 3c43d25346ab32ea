package dev.resultstore.impl.cleanup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import dev.resultstore.StorageException;
import dev.resultstore.StoreOperations.CleanupListener;
import dev.resultstore.impl.TaskIds;
import dev.resultstore.impl.metrics.StoreMetrics;
import dev.resultstore.impl.store.Results;
import dev.resultstore.spi.BatchDeleteResult;
import dev.resultstore.spi.StoredObject;

/**
 * Deletes a store's results older than {@code resultstore.expires}: lists the store's own keys,
 * deletes in batches of {@code cleanup.batch-size}, logs and counts keys that could not be
 * deleted (and whole batches that failed after retries) without stopping.
 */
public final class Cleanup {

    private static final Logger LOG = Logger.getLogger(Cleanup.class.getName());

    private final Results results;
    private final Duration expires;
    private final int batchSize;
    private final String store;
    private final CleanupLease lease;
    private final StoreMetrics metrics;

    /**
     * @param leaseOwner who this node is, for the lease of scheduled sweeps ({@code null}: no
     *                   lease, every scheduled run sweeps; for storages whose conditional writes
     *                   hold only within this JVM)
     * @param interval   how often scheduled sweeps run: the lease's length
     * @param metrics    told what each batch deleted and could not delete
     */
    public Cleanup(Results results, Duration expires, int batchSize, String store, String leaseOwner, Duration interval,
            StoreMetrics metrics) {
        this.metrics = metrics;
        this.results = results;
        this.expires = expires;
        this.batchSize = batchSize;
        this.store = store;
        this.lease = leaseOwner == null || interval.isZero() ? null
                : new CleanupLease(results.storage(), results.keyPrefix(), leaseOwner, interval, results.clock());
    }

    /**
     * A scheduled sweep: runs only on the node that holds the store's cleanup lease for this
     * interval; the others skip it (logged at FINE). Returns how many results were deleted.
     */
    public int runScheduled() {
        if (lease != null && !lease.acquire()) {
            LOG.fine(() -> "Cleanup of " + store + " skipped: " + lease.holder() + " sweeps it this interval");
            return 0;
        }
        return run(CleanupListener.NONE);
    }

    /** Runs one sweep; returns how many results were deleted. */
    public int run(CleanupListener listener) {
        if (expires.isZero()) {
            return 0;
        }
        Instant cutoff = results.clock().instant().minus(expires);
        Sweep sweep = new Sweep(listener);
        try (Stream<StoredObject> objects = results.storage().list(results.keyPrefix())) {
            Iterator<StoredObject> iterator = objects.iterator();
            while (iterator.hasNext()) {
                StoredObject object = iterator.next();
                sweep.scanned++;
                if (object.lastModified().isBefore(cutoff) && isTaskKey(results.keyPrefix(), object.key())) {
                    sweep.batch.add(object.key());
                    if (sweep.batch.size() >= batchSize) {
                        sweep.deleteBatch();
                    }
                }
            }
        }
        sweep.deleteBatch();
        if (sweep.deleted > 0 || sweep.failed > 0) {
            LOG.log(sweep.failed > 0 ? Level.WARNING : Level.INFO,
                    "ResultStore cleanup of {0}: deleted {1} results older than {2}; {3} could not be deleted",
                    new Object[] {store, sweep.deleted, expires, sweep.failed});
        }
        return sweep.deleted;
    }

    /** Whether {@code key} is a task document of this store (not a lease or another program's object). */
    public static boolean isTaskKey(String keyPrefix, String key) {
        return key.startsWith(keyPrefix) && TaskIds.isValid(key.substring(keyPrefix.length()));
    }

    /** One sweep: the pending batch and the counts. */
    private final class Sweep {
        final CleanupListener listener;
        final List<String> batch = new ArrayList<>(Math.min(batchSize, 4096));
        long scanned;
        int deleted;
        int failed;

        Sweep(CleanupListener listener) {
            this.listener = listener;
        }

        void deleteBatch() {
            if (!batch.isEmpty()) {
                try {
                    BatchDeleteResult result = results.storage().deleteAll(batch);
                    deleted += result.deleted();
                    failed += result.failures().size();
                    metrics.cleanedUp(result.deleted(), result.failures().size());
                    result.failures().forEach((key, error) -> LOG.log(Level.WARNING,
                            "ResultStore cleanup could not delete {0} in {1}: {2}", new Object[] {key, store, error.toString()}));
                } catch (StorageException e) {
                    failed += batch.size();
                    metrics.cleanedUp(0, batch.size());
                    LOG.log(Level.WARNING, e.getMessage(), e);
                }
                batch.clear();
            }
            listener.progress(scanned, deleted, failed);
        }
    }
}
