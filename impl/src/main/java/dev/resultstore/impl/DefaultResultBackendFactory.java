package dev.resultstore.impl;

import java.util.Map;
import java.util.concurrent.ForkJoinPool;

import dev.resultstore.ResultBackend;
import dev.resultstore.impl.cleanup.CleanupScheduler;
import dev.resultstore.impl.config.StoreConfiguration;
import dev.resultstore.impl.metrics.StoreMetrics;
import dev.resultstore.impl.store.DefaultResultBackend;
import dev.resultstore.spi.ResultBackendFactory;

/** The {@link ResultBackendFactory} found by {@code ResultStores.create}: the Java SE path. */
public final class DefaultResultBackendFactory implements ResultBackendFactory {

    @Override
    public ResultBackend create(String name, Map<String, String> properties) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = DefaultResultBackendFactory.class.getClassLoader();
        }
        StoreConfiguration configuration = StoreConfiguration.parse(name, properties, loader);
        DefaultResultBackend backend = configuration.build(ForkJoinPool.commonPool(), StoreMetrics.NONE);
        try {
            CleanupScheduler cleanup = CleanupScheduler.start(configuration.description(), configuration.cleanupInterval(),
                    configuration.expires(), configuration.cleanupExecutor(), () -> backend);
            if (cleanup != null) {
                backend.closeFirst(cleanup::stop);
            }
            return backend;
        } catch (RuntimeException | Error e) {
            backend.close(); // what was built is not left open when create fails
            throw e;
        }
    }
}
