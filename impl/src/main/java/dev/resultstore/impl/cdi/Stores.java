package dev.resultstore.impl.cdi;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.resultstore.ResultStore;
import dev.resultstore.impl.store.TaskStore;
import dev.resultstore.impl.codec.LazyJsonb;
import dev.resultstore.impl.codec.TaskMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.InvocationContext;

/**
 * The interceptors' access to the stores: resolves each named store once, and builds the
 * extended metadata of a call.
 */
@ApplicationScoped
public class Stores {

    private final Instance<TaskStore> backends;
    private final ResultStoreExtension extension;
    private final Map<String, TaskStore> resolved = new ConcurrentHashMap<>();
    private final LazyJsonb jsonb = new LazyJsonb();

    @Inject
    public Stores(@Any Instance<TaskStore> backends, ResultStoreExtension extension) {
        this.backends = backends;
        this.extension = extension;
    }

    /** For the container's proxy. */
    protected Stores() {
        this.backends = null;
        this.extension = null;
    }

    /** The intercepted method, as read at deployment. */
    TaskMethod method(InvocationContext context) {
        return extension.taskMethod(context.getMethod());
    }

    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            // JSON-B holds no resource that outlives the application
        }
    }

    TaskStore backend(String name) {
        TaskStore backend = resolved.get(name);
        if (backend == null) {
            backend = resolved.computeIfAbsent(name, n -> {
                // Calling the proxy creates the bean's instance; the interceptors then hold the
                // instance itself, which outlives the application context at shutdown.
                TaskStore proxy = backends.select(ResultStore.Literal.of(n)).get();
                proxy.name();
                TaskStore instance = extension.liveBackend(n);
                return instance != null ? instance : proxy;
            });
        }
        return backend;
    }

    /** Extended metadata of a call, or {@code null} when the store is not in extended mode. */
    TaskMetadata metadata(TaskMethod method, InvocationContext context, Instant started) {
        TaskStore backend = backend(method.store());
        TaskMetadata defaults = backend.defaultMetadata();
        if (defaults == null) {
            return null;
        }
        Object[] parameters = context.getParameters();
        StringBuilder args = new StringBuilder("[");
        for (int i = 0; i < parameters.length; i++) {
            args.append(i == 0 ? "" : ", ");
            if (method.sensitive()[i]) {
                args.append("\"***\"");
            } else {
                args.append(json(parameters[i]));
            }
        }
        args.append(']');
        return new TaskMetadata(method.name(), args.toString(), "{}", defaults.worker(), 0, null, started);
    }

    private String json(Object value) {
        if (value == null) {
            return "null";
        }
        try {
            return jsonb.get().toJson(value);
        } catch (RuntimeException e) {
            return jsonb.get().toJson("<" + value.getClass().getName() + ">");
        }
    }
}
