package dev.resultstore.metrics;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import dev.resultstore.impl.cdi.ResultStoreExtension;

/** A CDI container as an application with resultstore-impl and resultstore-metrics in its WAR gets one. */
final class Containers {

    private Containers() {
    }

    static WeldContainer start(Class<?>... beans) {
        return new Weld().disableDiscovery().addExtension(new ResultStoreExtension()).addExtension(new MetricsExtension())
                .addBeanClasses(beans).initialize();
    }
}
