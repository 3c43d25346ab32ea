package dev.resultstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two nodes, one store: the example application runs on WildFly (the Arquillian container) and on
 * Payara Micro (started by this test) at the same time, both configured with the same results
 * directory. A report submitted on one node is followed, and read when done, on the other.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class TwoNodesIT {

    private static PayaraMicroNode payara;

    @Deployment(testable = false)
    static WebArchive onWildFly() {
        return sharingOneDirectory();
    }

    @BeforeAll
    static void startPayaraMicro() throws Exception {
        payara = PayaraMicroNode.start(sharingOneDirectory());
    }

    @AfterAll
    static void stopPayaraMicro() throws InterruptedException {
        if (payara != null) {
            payara.close();
        }
    }

    private static WebArchive sharingOneDirectory() {
        return Deployments.exampleApplication().addAsResource(
                new StringAsset("resultstore.storage.config.location=" + Deployments.resultsDir("two-nodes") + "\n"),
                "META-INF/microprofile-config.properties");
    }

    @ArquillianResource
    URL wildfly;

    @Test
    void reportSubmittedOnWildFlyIsFollowedAndReadOnPayara() {
        assertSubmittedOnOneNodeIsReadOnTheOther(new ReportsClient(wildfly), new ReportsClient(payara.url()));
    }

    @Test
    void reportSubmittedOnPayaraIsFollowedAndReadOnWildFly() {
        assertSubmittedOnOneNodeIsReadOnTheOther(new ReportsClient(payara.url()), new ReportsClient(wildfly));
    }

    private static void assertSubmittedOnOneNodeIsReadOnTheOther(ReportsClient submitter, ReportsClient reader) {
        String id = submitter.submit("apac", "2026-Q4");

        // Known to the other node at once, while it still runs on the first one.
        ReportsClient.Answer running = reader.get(id);
        assertThat(running.status()).isEqualTo(200);
        assertThat(running.state()).isIn("RECEIVED", "STARTED");

        ReportsClient.Answer done = reader.awaitReady(id);
        assertThat(done.state()).isEqualTo("SUCCESS");
        assertThat(done.body().getJsonObject("result").getString("region")).isEqualTo("apac");
        assertThat(submitter.get(id).body()).isEqualTo(done.body());
    }
}
