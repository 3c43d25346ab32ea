package dev.resultstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example application (examples/) as built, with no configuration at all, used over HTTP
 * the way the README does with curl.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class ExampleApplicationIT {

    @Deployment(testable = false)
    static WebArchive example() {
        return Deployments.exampleApplication();
    }

    @ArquillianResource
    URL base;

    @Test
    void reportIsAcceptedAtOnceThenGeneratedInTheBackground() {
        ReportsClient reports = new ReportsClient(base);

        String id = reports.submit("emea", "2026-Q3");

        ReportsClient.Answer running = reports.get(id);
        assertThat(running.status()).isEqualTo(200);
        assertThat(running.state()).isIn("RECEIVED", "STARTED");
        ReportsClient.Answer done = reports.awaitReady(id);
        assertThat(done.state()).isEqualTo("SUCCESS");
        JsonObject report = done.body().getJsonObject("result");
        assertThat(report.getString("region")).isEqualTo("emea");
        assertThat(report.getInt("orders")).isPositive();
        assertThat(report.getJsonArray("topProducts")).hasSize(3);
    }

    @Test
    void failedReportAnswersTheErrorWithItsTraceback() {
        ReportsClient reports = new ReportsClient(base);

        String id = reports.submit("atlantis", "2026-Q3");

        ReportsClient.Answer done = reports.awaitReady(id);
        assertThat(done.state()).isEqualTo("FAILURE");
        JsonObject error = done.body().getJsonObject("error");
        assertThat(error.getString("type")).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(error.getString("message")).contains("Unknown region 'atlantis'");
        assertThat(error.getString("traceback")).contains("ReportGenerator.generate");
    }

    @Test
    void unknownIdIsNotFoundRatherThanPending() {
        ReportsClient.Answer answer = new ReportsClient(base).get("no-such-task");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().getString("error")).contains("no-such-task");
    }

    @Test
    void malformedIdIsABadRequest() {
        ReportsClient.Answer answer = new ReportsClient(base).get("..");

        assertThat(answer.status()).isEqualTo(400);
    }
}
