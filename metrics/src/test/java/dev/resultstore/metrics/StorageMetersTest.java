package dev.resultstore.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.StorageException;
import dev.resultstore.TaskFilter;
import dev.resultstore.TaskSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The meters of storage calls and cleanups, recorded by the extension's StoreMetrics hook on a real filesystem store. */
class StorageMetersTest {

    /** The server's registry, fresh for each test. */
    @ApplicationScoped
    public static class ServerRegistry {
        static SimpleMeterRegistry current;

        @Produces
        MeterRegistry registry() {
            return current;
        }
    }

    @TempDir
    Path dir;

    private TestConfig config;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void release() {
        config.close();
    }

    private ResultBackend store(WeldContainer container) {
        return container.select(ResultBackend.class, ResultStore.Literal.DEFAULT).get();
    }

    private WeldContainer start(String... extraProperties) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "resultstore.storage", "filesystem",
                "resultstore.storage.config.location", dir.resolve("results").toString(),
                "resultstore.retry.max-retries", "2",
                "resultstore.retry.backoff", "PT0.001S"));
        for (int i = 0; i < extraProperties.length; i += 2) {
            properties.put(extraProperties[i], extraProperties[i + 1]);
        }
        config = new TestConfig(properties);
        ServerRegistry.current = registry;
        return Containers.start(ServerRegistry.class);
    }

    private Search meters(String name) {
        return registry.find(name).tag("store", "default");
    }

    private long calls(String operation, String outcome) {
        Timer timer = meters(MeterNames.CALLS).tag("operation", operation).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private double total(String counterName) {
        return meters(counterName).counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void everyStorageCallIsTimedPerOperationWithItsOutcome() {
        try (WeldContainer container = start()) {
            ResultBackend results = store(container);
            results.storeSuccess("m-1", "done");
            long before = calls("delete", "success");
            long listedBefore = calls("list", "success");

            assertThat(results.forget("m-1")).isTrue();
            try (Stream<TaskSummary> tasks = results.operations().list(TaskFilter.all())) {
                assertThat(tasks).isEmpty();
            }

            assertThat(calls("delete", "success")).isEqualTo(before + 1);
            assertThat(calls("list", "success")).isEqualTo(listedBefore + 1);
            List<Timer> timers = List.copyOf(meters(MeterNames.CALLS).timers());
            assertThat(timers).allSatisfy(timer -> {
                assertThat(timer.getId().getTag("outcome")).isEqualTo("success");
                assertThat(timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
            });
            assertThat(total(MeterNames.RETRIES)).isZero();
            assertThat(total(MeterNames.FAILURES)).isZero();
        }
    }

    @Test
    void retriesAndTheFailureWhenTheyRunOutAreCounted() throws IOException {
        try (WeldContainer container = start()) {
            ResultBackend results = store(container);
            results.storeSuccess("m-1", "done");
            // The directory becomes a plain file: every write fails with an IOException, retried twice.
            Path location = dir.resolve("results");
            try (Stream<Path> files = Files.walk(location)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            Files.writeString(location, "not a directory");

            assertThatThrownBy(() -> results.storeSuccess("m-2", "lost")).isInstanceOf(StorageException.class);

            assertThat(total(MeterNames.RETRIES)).isEqualTo(2);
            assertThat(total(MeterNames.FAILURES)).isEqualTo(1);
            Counter failure = meters(MeterNames.FAILURES).counter();
            String operation = failure.getId().getTag("operation");
            assertThat(meters(MeterNames.RETRIES).tag("operation", operation).counter().count()).isEqualTo(2);
            assertThat(calls(operation, "failure")).isEqualTo(1);
        }
    }

    @Test
    void cleanupCountsTheResultsItDeleted() throws IOException {
        try (WeldContainer container = start("resultstore.expires", "PT1H", "resultstore.cleanup.interval", "0")) {
            ResultBackend results = store(container);
            for (String id : List.of("old-1", "old-2", "old-3")) {
                results.storeSuccess(id, id);
            }
            FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
            try (Stream<Path> files = Files.walk(dir.resolve("results"))) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    Files.setLastModifiedTime(file, twoHoursAgo);
                }
            }
            results.storeSuccess("fresh", "kept");

            assertThat(results.cleanup()).isEqualTo(3);

            assertThat(meters(MeterNames.CLEANUP_DELETED).counter().count()).isEqualTo(3);
            assertThat(meters(MeterNames.CLEANUP_FAILED).counter().count()).isZero();
        }
    }
}
