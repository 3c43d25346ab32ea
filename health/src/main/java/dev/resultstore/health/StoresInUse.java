package dev.resultstore.health;

import java.util.Map;
import java.util.TreeMap;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import jakarta.enterprise.inject.Instance;

/** The stores of the application: every {@code @ResultStore} bean the extension created, by name. */
final class StoresInUse {

    /** How the default store (name {@code ""}) is shown in health data. */
    static final String DEFAULT_NAME = "default";

    private StoresInUse() {
    }

    static Map<String, ResultBackend> of(Instance<ResultBackend> backends) {
        Map<String, ResultBackend> stores = new TreeMap<>();
        for (Instance.Handle<ResultBackend> handle : backends.handles()) {
            handle.getBean().getQualifiers().stream()
                    .filter(ResultStore.class::isInstance)
                    .map(ResultStore.class::cast)
                    .findFirst()
                    .ifPresent(qualifier -> stores.put(
                            qualifier.value().isEmpty() ? DEFAULT_NAME : qualifier.value(), handle.get()));
        }
        return stores;
    }
}
