package dev.resultstore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.TaskFailedException;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskState;

/**
 * {@link ResultBackend#submit} on the server's ManagedExecutorService: the task runs as a
 * ManagedTask whose listener stores its states.
 */
@ExtendWith(ArquillianExtension.class)
// One task at a time, so that a second one waits in the queue: Payara's default executor never
// queues (it grows a thread per task), WildFly's queues behind as many threads as it has cores.
@ManagedExecutorDefinition(name = SubmitIT.ONE_AT_A_TIME, maxAsync = 1)
class SubmitIT {

    static final String ONE_AT_A_TIME = "java:app/concurrent/OneAtATime";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Deployment
    static WebArchive deployment() {
        return Deployments.war("submit",
                "resultstore.storage.config.location=" + Deployments.resultsDir("submit"));
    }

    @Inject
    @ResultStore
    ResultBackend results;

    @Test
    void taskOnTheDefaultExecutorIsReceivedThenStartedThenSucceeds() throws Exception {
        ManagedExecutorService executor = lookup("java:comp/DefaultManagedExecutorService");
        CountDownLatch proceed = new CountDownLatch(1);

        TaskResult<String> task = results.submit(executor, () -> {
            await(proceed);
            return "exported";
        });

        // RECEIVED is stored before submit returns; the executor may already have started it.
        assertThat(task.exists()).isTrue();
        assertThat(task.state()).isIn(TaskState.RECEIVED, TaskState.STARTED);
        Poll.until(task.taskId() + " is STARTED", () -> task.state() == TaskState.STARTED);
        proceed.countDown();
        assertThat(task.get(WAIT)).isEqualTo("exported");
        assertThat(task.state()).isEqualTo(TaskState.SUCCESS);
    }

    @Test
    void failingTaskIsStoredAsFailure() throws Exception {
        ManagedExecutorService executor = lookup("java:comp/DefaultManagedExecutorService");

        TaskResult<String> task = results.submit("submit-failure-" + System.nanoTime(), executor, () -> {
            throw new IllegalStateException("mailbox unavailable");
        });

        assertThatThrownBy(() -> task.get(WAIT)).isInstanceOf(TaskFailedException.class);
        assertThat(task.state()).isEqualTo(TaskState.FAILURE);
        assertThat(task.failure().orElseThrow().qualifiedType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(task.failure().orElseThrow().message()).isEqualTo("mailbox unavailable");
    }

    @Test
    void queuedTaskStaysReceivedAndIsRevokedWithoutRunning() throws Exception {
        ManagedExecutorService executor = lookup(ONE_AT_A_TIME);
        CountDownLatch proceed = new CountDownLatch(1);
        TaskResult<String> blocker = results.submit(executor, () -> {
            await(proceed);
            return "first";
        });
        Poll.until("the first task is STARTED", () -> blocker.state() == TaskState.STARTED);
        AtomicBoolean ran = new AtomicBoolean();

        TaskResult<String> queued = results.submit(executor, () -> {
            ran.set(true);
            return "second";
        });
        assertThat(queued.state()).isEqualTo(TaskState.RECEIVED);

        assertThat(queued.revoke()).isTrue();
        assertThat(queued.state()).isEqualTo(TaskState.REVOKED);
        proceed.countDown();
        assertThat(blocker.get(WAIT)).isEqualTo("first");
        assertThatThrownBy(() -> queued.get(WAIT)).isInstanceOf(TaskFailedException.class);
        // Give the executor the chance it would need to run the revoked task, had it not been cancelled.
        TimeUnit.MILLISECONDS.sleep(500);
        assertThat(ran).isFalse();
        assertThat(queued.state()).isEqualTo(TaskState.REVOKED);
    }

    private static ManagedExecutorService lookup(String name) throws NamingException {
        return InitialContext.doLookup(name);
    }

    private static void await(CountDownLatch proceed) throws InterruptedException {
        if (!proceed.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("The test never let the task proceed");
        }
    }
}
