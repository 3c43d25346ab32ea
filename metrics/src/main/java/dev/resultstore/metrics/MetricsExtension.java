package dev.resultstore.metrics;

import java.util.logging.Logger;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;

/**
 * Adds the Micrometer beans only where Micrometer is visible to the application. The jar has no
 * beans.xml, so that a server without Micrometer (Payara) never loads a class that names it and
 * the deployment goes on without metrics.
 */
public class MetricsExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(MetricsExtension.class.getName());

    void addBeans(@Observes BeforeBeanDiscovery discovery, BeanManager manager) {
        if (!visible("io.micrometer.core.instrument.MeterRegistry")) {
            LOG.info("resultstore-metrics: Micrometer is not visible to the application, so no ResultStore metrics are"
                    + " recorded; enable the server's micrometer subsystem or add io.micrometer:micrometer-core");
            return;
        }
        for (Class<?> type : new Class<?>[] {StoredStateCounters.class, StorageMeters.class}) {
            discovery.addAnnotatedType(manager.createAnnotatedType(type), type.getName());
        }
    }

    private static boolean visible(String className) {
        try {
            Class.forName(className, false, MetricsExtension.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
