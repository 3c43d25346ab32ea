package dev.resultstore.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.TaskFilter;
import dev.resultstore.impl.store.DefaultResultBackend;

/**
 * On a store shared by several nodes, one node per interval sweeps: the first takes the lease,
 * the others skip; an explicit cleanup() always runs.
 */
class CoordinatedCleanupTest {

    private static Map<String, String> node(String space, String name) {
        return Map.of("resultstore.storage", SharedConditionalStorage.class.getName(),
                "resultstore.storage.config.name", space,
                "resultstore.node-name", name,
                "resultstore.expires", "PT1H",
                // the schedule itself is not started by these tests: they call the scheduled run directly
                "resultstore.cleanup.interval", "PT10M");
    }

    @Test
    void onlyTheNodeHoldingTheLeaseSweepsAndItRenewsItsOwnLease() {
        try (ResultBackend first = ResultStores.create(node("lease-1", "node-a"));
             ResultBackend second = ResultStores.create(node("lease-1", "node-b"))) {
            SharedConditionalStorage storage = (SharedConditionalStorage) ((DefaultResultBackend) first).configuredStorage();
            for (int i = 0; i < 4; i++) {
                first.storeSuccess("old-" + i, i);
                storage.age("celery-task-meta-old-" + i, Instant.now().minus(Duration.ofHours(2)));
            }

            int byFirst = ((DefaultResultBackend) first).scheduledCleanup();
            second.storeSuccess("old-x", 0);
            storage.age("celery-task-meta-old-x", Instant.now().minus(Duration.ofHours(2)));
            int bySecond = ((DefaultResultBackend) second).scheduledCleanup();
            int byFirstAgain = ((DefaultResultBackend) first).scheduledCleanup();

            assertThat(byFirst).as("the first node takes the lease and sweeps").isEqualTo(4);
            assertThat(bySecond).as("the second node skips while the lease is held").isZero();
            assertThat(byFirstAgain).as("the holder renews its lease and sweeps again").isEqualTo(1);
            assertThat(second.cleanup()).as("an explicit cleanup always runs").isZero();
        }
    }

    @Test
    void anExpiredLeaseIsTakenOverByAnotherNode() {
        Map<String, String> quick = new java.util.HashMap<>(node("lease-2", "node-a"));
        quick.put("resultstore.cleanup.interval", "PT0.05S");
        try (ResultBackend first = ResultStores.create(node("lease-2", "node-a"));
             ResultBackend second = ResultStores.create(Map.copyOf(quick))) {
            // node-b's leases last 50 ms; node-a holds a 10-minute one
            ((DefaultResultBackend) second).scheduledCleanup();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            SharedConditionalStorage storage = (SharedConditionalStorage) ((DefaultResultBackend) first).configuredStorage();
            first.storeSuccess("old", 1);
            storage.age("celery-task-meta-old", Instant.now().minus(Duration.ofHours(2)));
            int swept = 0;
            while (swept == 0 && System.nanoTime() < deadline) {
                swept = ((DefaultResultBackend) first).scheduledCleanup();
            }
            assertThat(swept).as("node-a takes over once node-b's lease expired").isEqualTo(1);
        }
    }

    @Test
    void theLeaseIsNeverListedOrCleanedAsATask() {
        try (ResultBackend node = ResultStores.create(node("lease-3", "node-a"))) {
            node.storeSuccess("kept", 1);
            ((DefaultResultBackend) node).scheduledCleanup();

            assertThat(node.operations().list(TaskFilter.all())).extracting(summary -> summary.taskId()).containsExactly("kept");
        }
    }
}
