package dev.resultstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;

import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.resultstore.storage.s3.S3Proxy;

/**
 * resultstore-health in WildFly's MicroProfile configuration (standalone-microprofile.xml), whose
 * MicroProfile Health answers on the management interface (127.0.0.1, a free port): a
 * filesystem store and an {@code s3} store on an s3proxy the test starts, stops and starts again.
 * The WAR also carries resultstore-metrics, which deploys harmlessly where the micrometer
 * subsystem is absent. One WildFly for the class, started and stopped by the test itself.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WildFlyHealthIT {

    private static final String BUCKET = "health-results";

    private static S3Proxy s3proxy;
    private static WildFlyNode wildfly;
    private static HealthEndpoint health;

    @BeforeAll
    static void start() throws Exception {
        // On disk, so that the bucket is still there when it starts again.
        s3proxy = S3Proxy.startOnDisk(Path.of(Deployments.resultsDir("mp-health-s3")));
        s3proxy.createBucket(BUCKET);
        List<String> properties = new ArrayList<>(List.of(
                "resultstore.storage.config.location=" + Deployments.resultsDir("mp-health-default"),
                // No retries: the probe reports an unreachable storage at once.
                "resultstore.remote.retry.max-retries=0"));
        s3proxy.storageConfig(BUCKET).forEach((key, value) ->
                properties.add(key.replaceFirst("^resultstore\\.", "resultstore.remote.") + "=" + value));
        WebArchive war = Deployments.war("mp-health", properties.toArray(String[]::new))
                .addAsLibraries(Deployments.jars("health"))
                .addAsLibraries(Deployments.jars("metrics"))
                .addAsLibraries(Deployments.jars("s3"))
                .addAsWebInfResource("s3/jboss-deployment-structure.xml", "jboss-deployment-structure.xml")
                .addClass(RemoteUser.class);
        wildfly = WildFlyNode.start(war, WildFlyNode.Setup.microProfile("microprofile"));
        health = new HealthEndpoint(wildfly.management());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (wildfly != null) {
                wildfly.close();
            }
        } finally {
            if (s3proxy != null) {
                s3proxy.close();
            }
        }
    }

    private static void assertNoSecretIn(JsonObject check) {
        assertThat(check.toString()).doesNotContain(S3Proxy.SECRET_KEY).doesNotContain(S3Proxy.ACCESS_KEY);
    }

    @Test
    @Order(1)
    void readinessIsUpWithEveryStoreAndItsStorageNamedAndNoSecret() {
        JsonObject ready = health.readiness(200);

        HealthEndpoint.assertReady(ready, Map.of("default", "mp-health-default", "remote", BUCKET));
        assertNoSecretIn(ready);
    }

    @Test
    @Order(2)
    void livenessIsUpForEveryStore() {
        HealthEndpoint.assertLive(health.liveness(), "default", "remote");
    }

    @Test
    @Order(3)
    void readinessIsDownWhileTheS3StorageIsUnreachableAndUpWhenItIsBack() throws Exception {
        s3proxy.stop();

        JsonObject down = health.readiness(503);

        assertThat(down.getString("status")).isEqualTo("DOWN");
        JsonObject data = down.getJsonObject("data");
        assertThat(data.getString("remote")).isEqualTo("DOWN");
        assertThat(data.getString("remote.error")).isNotBlank();
        assertThat(data.getString("default")).isEqualTo("UP");
        assertNoSecretIn(down);
        HealthEndpoint.assertLive(health.liveness(), "default", "remote");

        s3proxy.start();

        HealthEndpoint.assertReady(health.readiness(200), Map.of("default", "mp-health-default", "remote", BUCKET));
    }
}
