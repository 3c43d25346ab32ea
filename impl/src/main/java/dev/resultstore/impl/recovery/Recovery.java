package dev.resultstore.impl.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import dev.resultstore.ResultStoreException;
import dev.resultstore.impl.cleanup.Cleanup;
import dev.resultstore.impl.codec.StoredResult;
import dev.resultstore.impl.store.Results;
import dev.resultstore.spi.StoredObject;

/**
 * Crash recovery: settles the tasks a dead instance left unfinished. A node that starts looks for
 * non-ready documents written by an earlier instance of itself (their {@code resultstore_owner}
 * names this node and another instance) and stores FAILURE ({@code WorkerLostError}, as Celery)
 * for tasks that had started, REVOKED for tasks that never did. With
 * {@code resultstore.orphans.after} it also settles non-ready documents of any node unchanged
 * for that long. Every settlement is a conditional write: a real result that lands meanwhile
 * wins. Runs in the background, logging progress, so a large store does not slow the start.
 */
public final class Recovery implements Runnable {

    private static final Logger LOG = Logger.getLogger(Recovery.class.getName());
    private static final int PROGRESS_EVERY = 10_000;

    private final Results results;
    private final String nodePrefix;
    private final String owner;
    private final Duration orphansAfter;
    private final String store;
    private volatile boolean stopped;

    /**
     * @param owner        this instance, {@code <node>/<instance>}
     * @param orphansAfter settle other nodes' non-ready documents unchanged this long; zero: never
     */
    public Recovery(Results results, String owner, Duration orphansAfter, String store) {
        this.results = results;
        this.owner = owner;
        this.nodePrefix = owner.substring(0, owner.indexOf('/') + 1);
        this.orphansAfter = orphansAfter;
        this.store = store;
    }

    /** Stops a scan in progress (the backend is closing). */
    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        Instant cutoff = orphansAfter.isZero() ? null : results.clock().instant().minus(orphansAfter);
        long scanned = 0;
        int settled = 0;
        try (Stream<StoredObject> objects = results.storage().list(results.keyPrefix())) {
            Iterator<StoredObject> iterator = objects.iterator();
            while (iterator.hasNext() && !stopped) {
                StoredObject object = iterator.next();
                if (!Cleanup.isTaskKey(results.keyPrefix(), object.key())) {
                    continue;
                }
                scanned++;
                String taskId = object.key().substring(results.keyPrefix().length());
                boolean orphan = cutoff != null && object.lastModified().isBefore(cutoff);
                if (settle(taskId, orphan)) {
                    settled++;
                }
                if (scanned % PROGRESS_EVERY == 0) {
                    LOG.log(Level.INFO, "ResultStore recovery of {0}: {1} results scanned, {2} settled",
                            new Object[] {store, scanned, settled});
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ResultStore recovery of " + store + " stopped after " + scanned + " results: " + e, e);
            return;
        }
        if (settled > 0) {
            LOG.log(Level.INFO, "ResultStore recovery of {0}: {1} tasks left unfinished by a lost instance were settled"
                    + " ({2} results scanned)", new Object[] {store, settled, scanned});
        }
    }

    private boolean settle(String taskId, boolean orphan) {
        try {
            return results.settleLost(taskId, stored -> isLost(stored, orphan),
                    "The node that ran task " + taskId + " was lost before the task finished (" + store + ")");
        } catch (ResultStoreException e) {
            LOG.log(Level.FINE, "Recovery skipped task " + taskId + ": " + e.getMessage());
            return false;
        }
    }

    private boolean isLost(StoredResult stored, boolean orphan) {
        if (!stored.exists() || stored.state().isReady()) {
            return false;
        }
        String writer = stored.owner();
        boolean earlierInstanceOfThisNode = writer != null && writer.startsWith(nodePrefix) && !writer.equals(owner);
        return earlierInstanceOfThisNode || orphan && (writer == null || !writer.equals(owner));
    }
}
