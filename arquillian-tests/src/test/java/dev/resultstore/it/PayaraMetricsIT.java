package dev.resultstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * resultstore-metrics through MicroProfile Metrics in Payara Micro, which serves them at /metrics:
 * the example application with resultstore-metrics added to its WEB-INF/lib. The numbers grow by
 * exactly the tasks the test runs (other deployments of this server may have used the store).
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
// Payara's MicroProfile Metrics; WildFly's Micrometer endpoint is WildFlyMetricsIT's. The wildfly execution excludes it.
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "payara")
class PayaraMetricsIT {

    @Deployment(testable = false)
    static WebArchive example() {
        return Deployments.exampleApplication().addAsLibraries(Deployments.jars("metrics"));
    }

    @ArquillianResource
    URL base;

    private static Map<String, String> tags(String... keysAndValues) {
        Map<String, String> tags = new HashMap<>(Map.of("store", "default"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            tags.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return tags;
    }

    @Test
    void storedStatesAndStorageCallsOfTheTasksRunAppearAtSlashMetrics() throws URISyntaxException {
        String stored = "resultstore_tasks_stored_total";
        PrometheusScrape before = PrometheusScrape.of(base.toURI().resolve("/metrics"));
        ReportsClient reports = new ReportsClient(base);
        List<String> succeeding = List.of(reports.submit("emea", "2026-Q1"), reports.submit("amer", "2026-Q2"));
        String failing = reports.submit("atlantis", "2026-Q3");
        succeeding.forEach(id -> assertThat(reports.awaitReady(id).state()).isEqualTo("SUCCESS"));
        assertThat(reports.awaitReady(failing).state()).isEqualTo("FAILURE");

        PrometheusScrape after = PrometheusScrape.of(base.toURI().resolve("/metrics"));

        for (Map.Entry<String, Integer> state : Map.of("RECEIVED", 3, "STARTED", 3, "SUCCESS", 2, "FAILURE", 1).entrySet()) {
            Map<String, String> labels = tags("state", state.getKey());
            assertThat(after.sum(stored, labels) - before.sum(stored, labels)).as(state.getKey() + " in " + after)
                    .isEqualTo(state.getValue().doubleValue());
        }
        double writes = 0;
        for (String write : List.of("put", "putIfAbsent", "putIfVersion")) {
            Map<String, String> labels = tags("operation", write, "outcome", "success");
            writes += after.sum("resultstore_storage_calls_seconds_count", labels)
                    - before.sum("resultstore_storage_calls_seconds_count", labels);
        }
        assertThat(writes).as(after.toString()).isGreaterThanOrEqualTo(9);
        assertThat(after.sum("resultstore_storage_failures_total", tags())).isZero();
    }
}
