package dev.resultstore.spi;

import java.util.Map;

import dev.resultstore.ResultBackend;

/**
 * Builds result backends from {@code resultstore.*} properties; found by
 * {@link dev.resultstore.ResultStores} through {@link java.util.ServiceLoader}.
 */
public interface ResultBackendFactory {

    /**
     * Builds the store called {@code name} ({@code ""}: the default) from the
     * {@code resultstore.[name.]*} entries of {@code properties}.
     *
     * @throws dev.resultstore.ResultStoreConfigurationException listing every bad key
     */
    ResultBackend create(String name, Map<String, String> properties);
}
