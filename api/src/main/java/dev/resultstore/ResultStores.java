package dev.resultstore;

import java.util.Map;
import java.util.ServiceLoader;

import dev.resultstore.spi.ResultBackendFactory;

/**
 * Creates a {@link ResultBackend} without a container (tools, tests, Java SE), from the same
 * {@code resultstore.*} keys and with the same behaviour as MicroProfile Config:
 *
 * <pre>{@code
 * try (ResultBackend results = ResultStores.create(Map.of(
 *         "resultstore.storage", "filesystem",
 *         "resultstore.storage.config.location", "/srv/results"))) {
 *     results.storeSuccess("abc", 42);
 * }
 * }</pre>
 *
 * The implementation is found with {@link ServiceLoader} ({@link ResultBackendFactory}).
 */
public final class ResultStores {

    private ResultStores() {
    }

    /** The default store, configured by the {@code resultstore.*} keys in {@code properties}. */
    public static ResultBackend create(Map<String, String> properties) {
        return create("", properties);
    }

    /**
     * The store called {@code name}, configured by the {@code resultstore.<name>.*} keys in
     * {@code properties} ({@code resultstore.*} when the name is empty).
     *
     * @throws ResultStoreConfigurationException listing every bad key
     */
    public static ResultBackend create(String name, Map<String, String> properties) {
        return factory().create(name == null ? "" : name, Map.copyOf(properties));
    }

    private static ResultBackendFactory factory() {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        for (ClassLoader loader : new ClassLoader[] {tccl, ResultStores.class.getClassLoader()}) {
            if (loader != null) {
                for (ResultBackendFactory factory : ServiceLoader.load(ResultBackendFactory.class, loader)) {
                    return factory;
                }
            }
        }
        throw new ResultStoreConfigurationException(java.util.List.of(
                "No ResultStore implementation found: add resultstore-impl to the class path"));
    }
}
