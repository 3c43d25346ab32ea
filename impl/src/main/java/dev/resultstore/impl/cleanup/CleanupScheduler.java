package dev.resultstore.impl.cleanup;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.resultstore.impl.ContainerResources;
import dev.resultstore.impl.store.TaskStore;

/**
 * Runs a store's scheduled cleanup every {@code resultstore.cleanup.interval} on the container's
 * ManagedScheduledExecutorService, or on a daemon thread of its own under Java SE. A failing run
 * is logged; the next one still happens.
 */
public final class CleanupScheduler {

    private static final Logger LOG = Logger.getLogger(CleanupScheduler.class.getName());

    private final ScheduledFuture<?> future;
    private final ScheduledExecutorService ownExecutor;

    private CleanupScheduler(ScheduledFuture<?> future, ScheduledExecutorService ownExecutor) {
        this.future = future;
        this.ownExecutor = ownExecutor;
    }

    /**
     * Starts cleanup for a store, or returns {@code null} when its interval or expiry is zero.
     *
     * @param executorName the JNDI name of the ManagedScheduledExecutorService to use
     * @param backend      supplies the backend on each run (in CDI: the bean, created on first use)
     */
    public static CleanupScheduler start(String store, Duration interval, Duration expires, String executorName,
            Supplier<TaskStore> backend) {
        if (interval.isZero() || expires.isZero()) {
            return null;
        }
        ScheduledExecutorService executor = ContainerResources.scheduler(executorName);
        ScheduledExecutorService own = null;
        if (executor == null) {
            ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, task -> {
                Thread daemon = new Thread(task, "resultstore-cleanup");
                daemon.setDaemon(true);
                return daemon;
            });
            thread.setRemoveOnCancelPolicy(true);
            executor = own = thread;
        }
        long millis = interval.toMillis();
        ScheduledFuture<?> future = executor.scheduleWithFixedDelay(() -> run(backend, store), millis, millis,
                TimeUnit.MILLISECONDS);
        LOG.fine(() -> "Cleanup of " + store + " every " + interval);
        return new CleanupScheduler(future, own);
    }

    private static void run(Supplier<TaskStore> backend, String store) {
        try {
            backend.get().scheduledCleanup();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "Scheduled cleanup of " + store + " failed; it will run again: " + e, e);
        }
    }

    /** Stops the schedule; a run in progress finishes. */
    public void stop() {
        future.cancel(false);
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }
}
