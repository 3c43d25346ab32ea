package dev.resultstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.TaskResult;

/** Scheduled cleanup on the server's ManagedScheduledExecutorService deletes expired results. */
@ExtendWith(ArquillianExtension.class)
class CleanupIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.war("cleanup",
                "resultstore.storage=" + ObservedFileStorage.class.getName(),
                "resultstore.storage.config.location=" + Deployments.resultsDir("cleanup"),
                "resultstore.expires=PT1S",
                "resultstore.cleanup.interval=PT1S")
                .addClass(ObservedFileStorage.class);
    }

    @Inject
    @ResultStore
    ResultBackend results;

    @Test
    void expiredResultDisappearsWithoutAnyCallFromTheApplication() {
        String id = UUID.randomUUID().toString();
        results.storeSuccess(id, "short-lived");
        TaskResult<Object> result = results.result(id);
        assertThat(result.exists()).isTrue();

        Poll.until("the scheduled cleanup deleted " + id, () -> !results.result(id).exists());

        assertThat(ObservedFileStorage.DELETIONS)
                .isNotEmpty()
                .allSatisfy(deletion -> assertThat(deletion.managed())
                        .as("deleted on %s, a thread of the server's ManagedScheduledExecutorService", deletion.thread())
                        .isTrue());
    }
}
