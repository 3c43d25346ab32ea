package dev.resultstore.impl.cdi;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.ResultStoreConfigurationException;
import dev.resultstore.StoreResult;
import dev.resultstore.TaskState;
import dev.resultstore.TaskStateChanged;
import dev.resultstore.impl.cleanup.CleanupScheduler;
import dev.resultstore.impl.config.ConfigKeys;
import dev.resultstore.impl.config.ConfigReader;
import dev.resultstore.impl.ContainerResources;
import dev.resultstore.impl.store.DefaultResultBackend;
import dev.resultstore.impl.config.StoreConfiguration;
import dev.resultstore.impl.metrics.StoreMetrics;
import dev.resultstore.impl.metrics.StoreMetricsFactory;
import dev.resultstore.impl.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedParameter;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The portable extension: registers the {@link StoreResult} interceptor, gives every store name
 * used at an injection point (or in {@code @StoreResult(store=…)}) an application-scoped
 * {@code @ResultStore} bean, and validates all stores' configuration at deployment, failing
 * with one {@link ResultStoreConfigurationException} that lists every bad key.
 */
public class ResultStoreExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(ResultStoreExtension.class.getName());

    // Stores with a bean: the default one always (for programmatic lookup), and every name in use.
    private final Set<String> names = new ConcurrentSkipListSet<>(Set.of(""));
    // Stores used at an injection point or by @StoreResult: built (and so fully checked) at deployment.
    private final Set<String> used = new ConcurrentSkipListSet<>();
    private final Map<String, StoreConfiguration> configurations = new ConcurrentHashMap<>();
    // Built during validation; handed to the bean when it is first used.
    private final Map<String, DefaultResultBackend> prepared = new ConcurrentHashMap<>();
    private final List<CleanupScheduler> cleanups = new ArrayList<>();
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    private volatile BeanManager beanManager;
    // The backends of the beans, created on first use, each closed by its bean's disposer.
    private final Map<String, TaskStore> live = new ConcurrentHashMap<>();
    private final Map<Method, TaskMethod> taskMethods = new ConcurrentHashMap<>();
    private final List<String> methodProblems = new java.util.concurrent.CopyOnWriteArrayList<>();

    void registerInterceptors(@Observes BeforeBeanDiscovery discovery, BeanManager manager) {
        for (Class<?> type : new Class<?>[] {Stores.class, DefaultTaskContext.class, StoreResultCallerInterceptor.class,
                StoreResultInterceptor.class}) {
            discovery.addAnnotatedType(manager.createAnnotatedType(type), type.getName());
        }
    }

    void collectInjectionPoint(@Observes ProcessInjectionPoint<?, ResultBackend> event) {
        for (Annotation qualifier : event.getInjectionPoint().getQualifiers()) {
            if (qualifier instanceof ResultStore) {
                use(((ResultStore) qualifier).value());
            } else if (qualifier instanceof Default) {
                use("");
            }
        }
    }

    // Each @StoreResult method is read and checked here, once, so that a mistake fails the deployment.
    void collectTaskMethods(@Observes @WithAnnotations(StoreResult.class) ProcessAnnotatedType<?> event) {
        AnnotatedType<?> type = event.getAnnotatedType();
        if (type.getJavaClass().isInterface() || type.isAnnotationPresent(Interceptor.class)) {
            return;
        }
        StoreResult onType = type.getAnnotation(StoreResult.class);
        boolean asynchronousType = TaskMethod.isAsynchronous(type.getJavaClass().getAnnotations());
        for (AnnotatedMethod<?> method : type.getMethods()) {
            StoreResult binding = method.getAnnotation(StoreResult.class);
            if (binding == null && (onType == null || method.isStatic()
                    || !java.lang.reflect.Modifier.isPublic(method.getJavaMember().getModifiers())
                    || method.getJavaMember().getDeclaringClass() == Object.class)) {
                continue;
            }
            List<List<Annotation>> parameters = new ArrayList<>();
            for (AnnotatedParameter<?> parameter : method.getParameters()) {
                parameters.add(List.copyOf(parameter.getAnnotations()));
            }
            boolean asynchronous = asynchronousType || TaskMethod.isAsynchronous(method.getAnnotations().toArray(new Annotation[0]));
            TaskMethod read = TaskMethod.read(method.getJavaMember(), binding != null ? binding : onType, parameters,
                    asynchronous, methodProblems);
            taskMethods.put(method.getJavaMember(), read);
            use(read.store());
        }
    }

    /** The {@link StoreResult} method as read at deployment (or by reflection, for one the container did not show). */
    TaskMethod taskMethod(Method method) {
        TaskMethod known = taskMethods.get(method);
        return known != null ? known : taskMethods.computeIfAbsent(method, TaskMethod::reflect);
    }

    private void use(String name) {
        names.add(name);
        used.add(name);
    }

    void addBeans(@Observes AfterBeanDiscovery discovery) {
        for (String name : names) {
            Annotation[] qualifiers = name.isEmpty()
                    ? new Annotation[] {ResultStore.Literal.DEFAULT, Default.Literal.INSTANCE, Any.Literal.INSTANCE}
                    : new Annotation[] {ResultStore.Literal.of(name), Any.Literal.INSTANCE};
            discovery.addBean()
                    .beanClass(ResultStoreExtension.class)
                    .types(TaskStore.class, ResultBackend.class, Object.class)
                    .qualifiers(qualifiers)
                    .scope(ApplicationScoped.class)
                    .id(ResultStoreExtension.class.getName() + "#" + name)
                    .produceWith(instance -> live.computeIfAbsent(name, this::backend))
                    .disposeWith((backend, instance) -> {
                        live.remove(name, backend);
                        ((ResultBackend) backend).close();
                    });
        }
    }

    /**
     * The backend instance itself, not its client proxy: tasks still running while the
     * application shuts down keep storing through it until it is closed (see InFlight).
     */
    TaskStore liveBackend(String name) {
        return live.get(name);
    }

    private TaskStore backend(String name) {
        DefaultResultBackend backend = prepared.remove(name);
        if (backend != null) {
            return backend;
        }
        StoreConfiguration configuration = configurations.get(name);
        if (configuration == null) {
            throw new IllegalStateException("ResultStore '" + name + "' was not configured at deployment");
        }
        DefaultResultBackend built = withEvents(name, configuration.build(ContainerResources.asyncExecutor(), metrics(name)));
        scheduleCleanup(name);
        return built;
    }

    // Every StoreMetricsFactory bean (resultstore-metrics' ones) sees the store; none: it reports to nothing.
    private StoreMetrics metrics(String name) {
        BeanManager manager = beanManager;
        if (manager == null) {
            return StoreMetrics.NONE;
        }
        return StoreMetrics.all(manager.createInstance().select(StoreMetricsFactory.class).stream()
                .map(factory -> factory.forStore(name)).collect(Collectors.toList()));
    }

    // Events only where something observes them: otherwise storing creates no event at all.
    private DefaultResultBackend withEvents(String name, DefaultResultBackend backend) {
        BeanManager manager = beanManager;
        if (manager == null || manager.resolveObserverMethods(
                new TaskStateChanged(name, "probe", TaskState.SUCCESS, Instant.EPOCH)).isEmpty()) {
            return backend;
        }
        Event<TaskStateChanged> events = manager.getEvent().select(TaskStateChanged.class);
        backend.onStateStored((taskId, state) -> {
            TaskStateChanged event = new TaskStateChanged(name, taskId, state, Instant.now());
            try {
                events.fire(event);
            } catch (RuntimeException e) {
                // The state is stored; an observer's failure must not look like a storage failure.
                LOG.log(Level.WARNING, "An observer of " + event + " failed", e);
            }
            events.fireAsync(event);
        });
        return backend;
    }

    void validate(@Observes AfterDeploymentValidation validation, BeanManager manager) {
        beanManager = manager;
        List<String> problems = new ArrayList<>(methodProblems);
        Map<String, String> properties = readConfiguration(problems);
        checkStoreNames(properties, problems);
        ClassLoader loader = classLoader();
        for (String name : names) {
            StoreConfiguration configuration = StoreConfiguration.parse(name, properties, loader, problems);
            if (configuration == null) {
                continue;
            }
            configurations.put(name, configuration);
            if (!used.contains(name)) {
                continue; // only looked up programmatically, if at all: built on first use
            }
            try {
                prepared.put(name, withEvents(name, configuration.build(ContainerResources.asyncExecutor(), metrics(name))));
            } catch (ResultStoreConfigurationException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            closePrepared();
            validation.addDeploymentProblem(new ResultStoreConfigurationException(problems));
            return;
        }
        used.forEach(this::scheduleCleanup);
    }

    // Once per store, whether it was built at deployment or on first use (a store injected only
    // where the extension cannot see it, such as a test class, is built when first used).
    private void scheduleCleanup(String name) {
        StoreConfiguration configuration = configurations.get(name);
        if (configuration == null || !scheduled.add(name)) {
            return;
        }
        BeanManager manager = beanManager;
        CleanupScheduler scheduler = CleanupScheduler.start(configuration.description(), configuration.cleanupInterval(),
                configuration.expires(), configuration.cleanupExecutor(),
                () -> manager.createInstance().select(TaskStore.class, ResultStore.Literal.of(name)).get());
        if (scheduler != null) {
            synchronized (cleanups) {
                cleanups.add(scheduler);
            }
        }
    }

    // A store named only in @StoreResult(store = …) and configured nowhere is almost always a typo.
    private void checkStoreNames(Map<String, String> properties, List<String> problems) {
        for (Map.Entry<Method, TaskMethod> entry : taskMethods.entrySet()) {
            String store = entry.getValue().store();
            String prefix = ConfigKeys.prefix(store);
            if (!store.isEmpty() && properties.keySet().stream().noneMatch(key -> key.startsWith(prefix))) {
                problems.add("@StoreResult method " + entry.getKey().getDeclaringClass().getName() + "#"
                        + entry.getKey().getName() + " uses store '" + store + "', which is not configured: set "
                        + prefix + ConfigKeys.STORAGE + " (and its " + prefix + ConfigKeys.STORAGE_CONFIG + "* parameters)");
            }
        }
    }

    void shutdown(@Observes BeforeShutdown shutdown) {
        synchronized (cleanups) {
            cleanups.forEach(CleanupScheduler::stop);
            cleanups.clear();
        }
        closePrepared();
    }

    private void closePrepared() {
        prepared.values().forEach(DefaultResultBackend::close);
        prepared.clear();
    }

    /** The names of the stores this deployment uses ({@code ""} is the default one). */
    public Set<String> storeNames() {
        return Set.copyOf(names);
    }

    private Map<String, String> readConfiguration(List<String> problems) {
        Config config;
        try {
            config = ConfigProvider.getConfig(classLoader());
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "No MicroProfile Config", e);
            problems.add("MicroProfile Config is not available (" + e + "): ResultStore reads resultstore.* keys through "
                    + "it. Deploy on a server that provides it (WildFly, Payara) or add an implementation such as SmallRye Config.");
            return new TreeMap<>();
        }
        // Each key by its canonical name too, so that environment variables (RESULTSTORE_KEY_PREFIX) count.
        return ConfigReader.read(config, names, classLoader(), problems);
    }

    private static ClassLoader classLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : ResultStoreExtension.class.getClassLoader();
    }
}
