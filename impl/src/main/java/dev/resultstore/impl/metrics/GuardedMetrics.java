package dev.resultstore.impl.metrics;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Tells each metrics in turn; a failure of one is logged once and never reaches the storage call. */
final class GuardedMetrics implements StoreMetrics {

    private static final Logger LOG = Logger.getLogger(GuardedMetrics.class.getName());

    private final List<StoreMetrics> each;
    private final AtomicBoolean warned = new AtomicBoolean();

    GuardedMetrics(List<StoreMetrics> each) {
        this.each = List.copyOf(each);
    }

    private void tell(Consumer<StoreMetrics> event) {
        for (StoreMetrics metrics : each) {
            try {
                event.accept(metrics);
            } catch (RuntimeException | LinkageError e) {
                if (warned.compareAndSet(false, true)) {
                    LOG.log(Level.WARNING, "ResultStore metrics " + metrics.getClass().getName()
                            + " failed; the store works on, its numbers may be incomplete (logged once)", e);
                }
            }
        }
    }

    @Override
    public void called(String operation, long nanos, boolean succeeded) {
        tell(metrics -> metrics.called(operation, nanos, succeeded));
    }

    @Override
    public void retrying(String operation) {
        tell(metrics -> metrics.retrying(operation));
    }

    @Override
    public void failed(String operation) {
        tell(metrics -> metrics.failed(operation));
    }

    @Override
    public void cleanedUp(int deleted, int failed) {
        tell(metrics -> metrics.cleanedUp(deleted, failed));
    }
}
