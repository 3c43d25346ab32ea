package dev.resultstore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.StoreResult;
import dev.resultstore.TaskId;
import dev.resultstore.TaskState;

/**
 * The outcome stored is the outcome the caller sees: {@code @StoreResult} runs outside
 * {@code @Transactional}, so a transaction that rolls back at commit is stored as FAILURE.
 */
@ExtendWith(ArquillianExtension.class)
class TransactionalStoreResultIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.war("transactional",
                "resultstore.storage.config.location=" + Deployments.resultsDir("transactional"))
                .addClass(Ledger.class);
    }

    @ApplicationScoped
    public static class Ledger {

        @Resource
        TransactionSynchronizationRegistry transactions;

        @Transactional
        @StoreResult
        public String book(@TaskId String id) {
            return "booked " + id;
        }

        @Transactional
        @StoreResult
        public String bookButCommitFails(@TaskId String id) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    throw new IllegalStateException("constraint violated at commit");
                }

                @Override
                public void afterCompletion(int status) {
                }
            });
            return "booked " + id;
        }
    }

    @Inject
    Ledger ledger;

    @Inject
    @ResultStore
    ResultBackend results;

    @Test
    void aCommittedTransactionIsStoredAsSuccess() {
        assertThat(ledger.book("tx-ok")).isEqualTo("booked tx-ok");

        assertThat(results.result("tx-ok").state()).isEqualTo(TaskState.SUCCESS);
    }

    @Test
    void aTransactionThatRollsBackAtCommitIsStoredAsFailureNotSuccess() {
        // Narayana throws the checked RollbackException from commit, through the interceptor chain.
        Throwable thrown = catchThrowable(() -> ledger.bookButCommitFails("tx-rolled-back"));
        assertThat(thrown).as("the caller sees the failed commit").isNotNull();

        assertThat(results.result("tx-rolled-back").state()).isEqualTo(TaskState.FAILURE);
        assertThat(results.result("tx-rolled-back").failure().orElseThrow().type())
                .as("the stored failure is the one the caller got").isEqualTo(thrown.getClass().getSimpleName());
    }
}
