package dev.resultstore.impl.cleanup;

import dev.resultstore.impl.ContainerResources;
import dev.resultstore.impl.config.StoreConfiguration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.resultstore.ResultBackend;

/**
 * Runs {@link ResultBackend#cleanup()} every {@code resultstore.cleanup.interval} on the
 * container's ManagedScheduledExecutorService, or on a daemon thread of its own under Java SE.
 * A failing run is logged; the next one still happens.
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
     * @param backend supplies the backend on each run (in CDI: the bean, created on first use)
     */
    public static CleanupScheduler start(StoreConfiguration configuration, Supplier<ResultBackend> backend) {
        if (configuration.cleanupInterval().isZero() || configuration.expires().isZero()) {
            return null;
        }
        ScheduledExecutorService executor = ContainerResources.scheduler(configuration.cleanupExecutor());
        ScheduledExecutorService own = null;
        if (executor == null) {
            ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, task -> {
                Thread daemon = new Thread(task, "resultstore-cleanup-" + configuration.name());
                daemon.setDaemon(true);
                return daemon;
            });
            thread.setRemoveOnCancelPolicy(true);
            executor = own = thread;
        }
        long interval = configuration.cleanupInterval().toMillis();
        String description = configuration.description();
        ScheduledFuture<?> future = executor.scheduleWithFixedDelay(() -> run(backend, description), interval, interval,
                TimeUnit.MILLISECONDS);
        LOG.fine(() -> "Cleanup of " + description + " every " + configuration.cleanupInterval());
        return new CleanupScheduler(future, own);
    }

    private static void run(Supplier<ResultBackend> backend, String description) {
        try {
            backend.get().cleanup();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "Scheduled cleanup of " + description + " failed; it will run again: " + e, e);
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
