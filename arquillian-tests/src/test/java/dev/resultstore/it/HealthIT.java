package dev.resultstore.it;

import java.net.URISyntaxException;
import java.net.URL;
import java.util.Map;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * resultstore-health in Payara Micro, whose MicroProfile Health answers at /health: the checks
 * cover the default store and a named one the application injects. The WAR also carries
 * resultstore-metrics, which must deploy harmlessly where there is no Micrometer (Payara).
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
// WildFly's standalone.xml, which the tests boot, has no MicroProfile Health; the wildfly execution excludes it.
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "payara")
class HealthIT {

    @Deployment(testable = false)
    static WebArchive application() {
        return Deployments.war("stores-health",
                        "resultstore.storage.config.location=" + Deployments.resultsDir("health-default"),
                        "resultstore.archive.storage=filesystem",
                        "resultstore.archive.storage.config.location=" + Deployments.resultsDir("health-archive"))
                .addAsLibraries(Deployments.jars("health"))
                .addAsLibraries(Deployments.jars("metrics"))
                .addClass(ArchiveUser.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void readinessProbesEveryStoreAndNamesItsStorage() throws URISyntaxException {
        JsonObject ready = new HealthEndpoint(base.toURI()).readiness(200);

        HealthEndpoint.assertReady(ready, Map.of("default", "health-default", "archive", "health-archive"));
    }

    @Test
    void livenessListsEveryStore() throws URISyntaxException {
        HealthEndpoint.assertLive(new HealthEndpoint(base.toURI()).liveness(), "default", "archive");
    }
}
