package dev.resultstore.impl;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Finds the container's executors by their standard JNDI names; under Java SE (or where none is
 * bound) the callers fall back to plain JDK executors.
 */
public final class ContainerResources {

    private static final Logger LOG = Logger.getLogger(ContainerResources.class.getName());

    private static final List<String> EXECUTORS = List.of("java:comp/DefaultManagedExecutorService",
            "java:jboss/ee/concurrency/executor/default", "concurrent/__defaultManagedExecutorService");
    private static final List<String> SCHEDULERS = List.of("java:jboss/ee/concurrency/scheduler/default",
            "concurrent/__defaultManagedScheduledExecutorService");

    private ContainerResources() {
    }

    /** The default ManagedExecutorService, else the common pool; completes {@code toCompletionStage()} stages. */
    public static Executor asyncExecutor() {
        for (String name : EXECUTORS) {
            Executor executor = lookup(name, Executor.class);
            if (executor != null) {
                return executor;
            }
        }
        return ForkJoinPool.commonPool();
    }

    /**
     * The ManagedScheduledExecutorService named {@code configured} (or the container's default
     * one), or {@code null} outside a container.
     */
    public static ScheduledExecutorService scheduler(String configured) {
        ScheduledExecutorService scheduler = lookup(configured, ScheduledExecutorService.class);
        if (scheduler != null) {
            return scheduler;
        }
        for (String name : SCHEDULERS) {
            scheduler = lookup(name, ScheduledExecutorService.class);
            if (scheduler != null) {
                LOG.fine(() -> "Using the scheduled executor " + name + " instead of " + configured);
                return scheduler;
            }
        }
        return null;
    }

    private static <T> T lookup(String name, Class<T> type) {
        try {
            Object found = new InitialContext().lookup(name);
            return type.isInstance(found) ? type.cast(found) : null;
        } catch (NamingException | RuntimeException | LinkageError e) {
            LOG.log(Level.FINEST, "No " + name, e);
            return null;
        }
    }
}
