package dev.resultstore.metrics;

import java.util.Map;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/** Registers a MicroProfile Config (SmallRye, test scope only) for this class loader until closed. */
final class TestConfig implements AutoCloseable {

    private final ConfigProviderResolver resolver = ConfigProviderResolver.instance();
    private final Config config;

    TestConfig(Map<String, String> properties) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            resolver.releaseConfig(resolver.getConfig(loader));
        } catch (RuntimeException none) {
            // nothing registered yet
        }
        config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        resolver.registerConfig(config, loader);
    }

    @Override
    public void close() {
        resolver.releaseConfig(config);
    }
}
