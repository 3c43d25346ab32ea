package dev.resultstore.metrics;

import java.util.logging.Logger;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;

/**
 * Adds the Micrometer beans where Micrometer is visible to the application (WildFly's micrometer
 * subsystem, or the jar in the WAR), and the MicroProfile Metrics beans where that API is (Payara).
 * The jar has no beans.xml, so that a class naming an absent API is never loaded and the
 * deployment goes on without those metrics.
 */
public class MetricsExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(MetricsExtension.class.getName());

    void addBeans(@Observes BeforeBeanDiscovery discovery, BeanManager manager) {
        boolean micrometer = visible("io.micrometer.core.instrument.MeterRegistry");
        boolean microProfile = visible("org.eclipse.microprofile.metrics.MetricRegistry");
        if (micrometer) {
            add(discovery, manager, StoredStateCounters.class, StorageMeters.class);
        }
        if (microProfile) {
            add(discovery, manager, MpStoredStateCounters.class, MpStorageMeters.class);
        }
        if (!micrometer && !microProfile) {
            LOG.info("resultstore-metrics: neither Micrometer nor MicroProfile Metrics is visible to the application, so no"
                    + " ResultStore metrics are recorded; on WildFly add the micrometer subsystem, elsewhere add"
                    + " io.micrometer:micrometer-core to the WAR");
        }
    }

    private static void add(BeforeBeanDiscovery discovery, BeanManager manager, Class<?>... types) {
        for (Class<?> type : types) {
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
