package dev.resultstore.impl.task;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.resultstore.TaskState;
import dev.resultstore.impl.store.Results;

/**
 * The tasks of this backend that are queued or running, so that a shutdown tells the truth about
 * them: {@link #settle} waits up to a grace period for running tasks, then stores REVOKED for
 * tasks that never started and FAILURE for tasks the shutdown cut short. Tasks that finish during
 * the grace period are stored as usual.
 */
public final class InFlight {

    private static final Logger LOG = Logger.getLogger(InFlight.class.getName());

    private enum Phase { QUEUED, RUNNING }

    private final Map<String, Phase> tasks = new ConcurrentHashMap<>();
    private final Object changed = new Object();
    private volatile boolean settled;

    /** RECEIVED was stored; the task waits for a thread. */
    public void queued(String taskId) {
        tasks.put(taskId, Phase.QUEUED);
    }

    /**
     * The task starts running here; returns {@code false} when the backend has already settled it
     * at shutdown (the task must then not run: its document says it never did).
     */
    public boolean running(String taskId) {
        if (settled) {
            return false;
        }
        tasks.put(taskId, Phase.RUNNING);
        return true;
    }

    /** The task's outcome is stored (or it was revoked). */
    public void done(String taskId) {
        tasks.remove(taskId);
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** Whether the backend was settled at shutdown: nothing more may be stored. */
    public boolean settled() {
        return settled;
    }

    /**
     * At shutdown: waits up to {@code grace} while tasks run, then stores what is left as
     * REVOKED (never started) or FAILURE (cut short by the shutdown).
     */
    public void settle(Results results, Duration grace, String store) {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (changed) {
            while (tasks.containsValue(Phase.RUNNING) && System.nanoTime() < deadline) {
                try {
                    changed.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        settled = true;
        int revoked = 0;
        int failed = 0;
        for (Map.Entry<String, Phase> task : Map.copyOf(tasks).entrySet()) {
            String taskId = task.getKey();
            try {
                if (task.getValue() == Phase.QUEUED) {
                    results.storeState(taskId, TaskState.REVOKED, null);
                    revoked++;
                } else {
                    results.storeFailure(taskId, new ShutdownException("The server shut down while task " + taskId
                            + " was running, after a grace period of " + grace + "; it did not finish"), null);
                    failed++;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not settle task " + taskId + " of " + store + " at shutdown: " + e.getMessage(), e);
            }
            tasks.remove(taskId);
        }
        if (revoked + failed > 0) {
            LOG.log(Level.INFO, "ResultStore {0} shut down: {1} queued tasks stored as REVOKED, {2} running tasks as FAILURE",
                    new Object[] {store, revoked, failed});
        }
    }
}
