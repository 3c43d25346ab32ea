package dev.resultstore.impl.store;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Waiters of this JVM for a task to become ready, woken as soon as a ready state is stored here,
 * so that {@code get()} does not wait for the next poll tick when the task ran on this node.
 */
final class LocalWaiters {

    private final Map<String, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();

    /** A signal completed when a ready state of the task is stored by this JVM's backend. */
    CompletableFuture<Void> register(String taskId) {
        CompletableFuture<Void> signal = new CompletableFuture<>();
        waiters.compute(taskId, (id, set) -> {
            Set<CompletableFuture<Void>> signals = set == null ? new HashSet<>() : set;
            signals.add(signal);
            return signals;
        });
        return signal;
    }

    void unregister(String taskId, CompletableFuture<Void> signal) {
        waiters.computeIfPresent(taskId, (id, set) -> {
            set.remove(signal);
            return set.isEmpty() ? null : set;
        });
    }

    void wake(String taskId) {
        if (!waiters.isEmpty()) {
            Set<CompletableFuture<Void>> signals = waiters.remove(taskId);
            if (signals != null) {
                signals.forEach(signal -> signal.complete(null));
            }
        }
    }
}
