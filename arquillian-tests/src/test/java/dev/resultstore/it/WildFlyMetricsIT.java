package dev.resultstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * resultstore-metrics on a real metrics endpoint: WildFly's MicroProfile configuration with the
 * micrometer subsystem and its Prometheus registry added (jboss-cli, embed-server) at
 * {@code /prometheus} on the management interface (127.0.0.1, a free port), and the example
 * application with resultstore-metrics added to its WEB-INF/lib. The scrape shows as many stored
 * states as the tasks the test ran. One WildFly for the class, started and stopped by the test.
 */
class WildFlyMetricsIT {

    private static final Map<String, String> DEFAULT_STORE = Map.of("store", "default");

    private static WildFlyNode wildfly;

    @BeforeAll
    static void start() throws Exception {
        wildfly = WildFlyNode.start(Deployments.exampleApplication().addAsLibraries(Deployments.jars("metrics")),
                WildFlyNode.Setup.microProfile("micrometer",
                        "/extension=org.wildfly.extension.micrometer:add",
                        "/subsystem=micrometer:add",
                        "/subsystem=micrometer/registry=prometheus:add(context=/prometheus, security-enabled=false)"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (wildfly != null) {
            wildfly.close();
        }
    }

    private static Map<String, String> tags(String... keysAndValues) {
        Map<String, String> tags = new java.util.HashMap<>(DEFAULT_STORE);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            tags.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return tags;
    }

    @Test
    void storedStatesAndStorageCallsOfTheTasksRunAppearOnThePrometheusEndpoint() {
        ReportsClient reports = new ReportsClient(wildfly.url());
        List<String> succeeding = List.of(reports.submit("emea", "2026-Q1"), reports.submit("apac", "2026-Q2"));
        String failing = reports.submit("atlantis", "2026-Q3");
        succeeding.forEach(id -> assertThat(reports.awaitReady(id).state()).isEqualTo("SUCCESS"));
        assertThat(reports.awaitReady(failing).state()).isEqualTo("FAILURE");

        PrometheusScrape scrape = PrometheusScrape.of(wildfly.management().resolve("/prometheus"));

        String stored = "resultstore_tasks_stored_total";
        assertThat(scrape.sum(stored, tags("state", "SUCCESS"))).as(scrape.toString()).isEqualTo(2);
        assertThat(scrape.sum(stored, tags("state", "FAILURE"))).as(scrape.toString()).isEqualTo(1);
        assertThat(scrape.sum(stored, tags("state", "RECEIVED"))).as(scrape.toString()).isEqualTo(3);
        assertThat(scrape.sum(stored, tags("state", "STARTED"))).as(scrape.toString()).isEqualTo(3);
        // Every state stored is at least one successful write; nothing failed or was retried.
        double writes = 0;
        for (String write : List.of("put", "putIfAbsent", "putIfVersion")) {
            writes += scrape.sum("resultstore_storage_calls_seconds_count", tags("operation", write, "outcome", "success"));
        }
        assertThat(writes).as(scrape.toString()).isGreaterThanOrEqualTo(scrape.sum(stored, DEFAULT_STORE));
        assertThat(scrape.samples("resultstore_storage_calls_seconds_sum", tags("outcome", "success")))
                .as(scrape.toString()).isNotEmpty().allSatisfy(sample -> assertThat(sample.value()).isPositive());
        assertThat(scrape.sum("resultstore_storage_calls_seconds_count", tags("outcome", "failure"))).isZero();
        assertThat(scrape.sum("resultstore_storage_retries_total", DEFAULT_STORE)).isZero();
        assertThat(scrape.sum("resultstore_storage_failures_total", DEFAULT_STORE)).isZero();
        assertThat(scrape.samples("resultstore_cleanup_deleted_total", DEFAULT_STORE)).as(scrape.toString()).hasSize(1);
    }
}
