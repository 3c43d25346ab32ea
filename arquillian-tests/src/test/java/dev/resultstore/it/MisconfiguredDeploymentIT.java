package dev.resultstore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A WAR whose ResultStore configuration is wrong does not deploy, and the error names the key.
 * WildFly rejects the deployment with the cause in its answer; Payara Micro logs the cause and
 * runs without the application.
 */
@ExtendWith(ArquillianExtension.class)
class MisconfiguredDeploymentIT {

    @Deployment(name = "unknown-class", managed = false, testable = false)
    static WebArchive unknownStorageClass() {
        return Deployments.war("unknown-storage-class", "resultstore.storage=com.example.Nope");
    }

    @Deployment(name = "unknown-parameter", managed = false, testable = false)
    static WebArchive unknownStorageParameter() {
        return Deployments.war("unknown-storage-parameter",
                "resultstore.storage.config.location=" + Deployments.resultsDir("misconfigured"),
                "resultstore.storage.config.colour=blue");
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void unknownStorageClassFailsTheDeploymentNamingTheKey() throws IOException {
        assertThat(deploymentFailure("unknown-class"))
                .contains("ResultStore configuration is invalid")
                .contains("resultstore.storage: class com.example.Nope was not found");
    }

    @Test
    void unknownStorageParameterFailsTheDeploymentNamingTheKeyAndTheValidOnes() throws IOException {
        assertThat(deploymentFailure("unknown-parameter"))
                .contains("ResultStore configuration is invalid")
                .contains("resultstore.storage.config.colour: unknown parameter")
                .contains("resultstore.storage.config.location");
    }

    /** Deploys, expecting a failure: the messages of the exception chain and what the server logged meanwhile. */
    private String deploymentFailure(String deployment) throws IOException {
        ServerLog log = ServerLog.mark();
        Throwable failure;
        try {
            failure = catchThrowable(() -> deployer.deploy(deployment));
        } finally {
            // Payara Micro keeps running without the application: stop it.
            deployer.undeploy(deployment);
        }
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            text.append(cause).append('\n');
        }
        return text.append(log.since()).toString();
    }
}
