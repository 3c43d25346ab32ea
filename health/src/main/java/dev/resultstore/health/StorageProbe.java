package dev.resultstore.health;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import dev.resultstore.ResultBackend;
import dev.resultstore.TaskFilter;
import dev.resultstore.TaskSummary;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Asks each store's storage for one listing page of a prefix nothing uses: the cheapest call that
 * proves the storage answers. Each probe runs on its own thread so that a hanging storage makes
 * the check DOWN after {@code resultstore.health.timeout} instead of hanging the health endpoint.
 */
@ApplicationScoped
public class StorageProbe {

    static final String TIMEOUT_KEY = "resultstore.health.timeout";
    private static final TaskFilter PROBE = TaskFilter.all().withoutStates().withIdPrefix("resultstore-health-probe");

    private final ExecutorService executor = Executors.newCachedThreadPool(probe -> {
        Thread thread = new Thread(probe, "resultstore-health-probe");
        thread.setDaemon(true);
        return thread;
    });
    // A probe that has not answered is not started again: a hung storage costs one thread, not one per check.
    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();

    /** Empty when the store's storage answered in time, else why it did not. */
    Optional<String> probe(String store, ResultBackend backend) {
        Duration timeout = ConfigProvider.getConfig().getOptionalValue(TIMEOUT_KEY, Duration.class)
                .orElse(Duration.ofSeconds(2));
        Future<?> previous = running.get(store);
        if (previous != null && !previous.isDone()) {
            return Optional.of("an earlier probe has not answered yet");
        }
        Future<?> listing = executor.submit(() -> {
            try (Stream<TaskSummary> tasks = backend.operations().list(PROBE)) {
                return tasks.findFirst();
            }
        });
        running.put(store, listing);
        try {
            listing.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("no answer within " + timeout + " (" + TIMEOUT_KEY + ")");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return Optional.of(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while waiting for the storage");
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
