package dev.resultstore.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.proxy.WeldClientProxy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.TaskStateChanged;
import dev.resultstore.benchmarks.Payload.Report;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * What the {@link TaskStateChanged} event costs a store: {@code storeSuccess} of a 100-byte record
 * into the memory store on the backend ResultStore's extension built in Weld SE, once with nothing
 * observing the event and once with a synchronous observer, each against the same backend built
 * without CDI ({@code ResultStores.create}), which has no event path at all. The extension's
 * backend is called directly, not through its client proxy, so that the proxy's own cost (an
 * argument array and a reflective call per method) does not count as the event's. SUCCESS
 * replaces SUCCESS, so the one task id keeps the store at one document.
 *
 * <p>The bytes allocated per store (JMH's {@code -prof gc}, which the benchmarks profile passes)
 * are the check that holds under load: unlike the times, they do not move with the machine's load.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
public class EventsBenchmark {

    private static final String TASK = "7b9e2c1a-4d3f-4a6b-8c5d-1e2f3a4b5c6d";
    private static final Report VALUE = Payload.of("100B");

    /** A synchronous observer that does next to nothing: what remains is the event's own cost. */
    @ApplicationScoped
    public static class Observer {
        static volatile long seen;

        void stored(@Observes TaskStateChanged event) {
            seen++;
        }
    }

    /** The default store's backend in a Weld SE container; with {@link Observer} when {@code observed}. */
    public abstract static class Container {
        private Config config;
        private WeldContainer container;
        ResultBackend results;

        void start(boolean observed) {
            Scratch.quietLogs();
            // The extension reads its stores from MicroProfile Config; SmallRye Config plays the server's part.
            config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                    "resultstore.storage", "memory", "resultstore.cleanup.interval", "0"), "benchmark", 500)).build();
            ConfigProviderResolver.instance().registerConfig(config, Thread.currentThread().getContextClassLoader());
            Weld weld = new Weld().disableDiscovery()
                    // ResultStore's extension as a server finds it: the service its jar declares
                    .addExtension(java.util.ServiceLoader.load(jakarta.enterprise.inject.spi.Extension.class).stream()
                            .filter(provider -> provider.type().getName().startsWith("dev.resultstore."))
                            .findFirst().orElseThrow().get())
                    // An application's @StoreResult bean, so that the store is built at deployment as in a server
                    .addBeanClasses(InterceptorBenchmark.ReportTask.class);
            if (observed) {
                weld.addBeanClasses(Observer.class);
            }
            container = weld.initialize();
            ResultBackend bean = container.select(ResultBackend.class, ResultStore.Literal.DEFAULT).get();
            results = (ResultBackend) ((WeldClientProxy) bean).getMetadata().getContextualInstance();
            long before = Observer.seen;
            results.storeSuccess(TASK, VALUE);
            if ((Observer.seen > before) != observed) {
                throw new IllegalStateException(observed ? "the observer was not called" : "an event was observed");
            }
        }

        @TearDown
        public void stop() {
            container.shutdown();
            ConfigProviderResolver.instance().releaseConfig(config);
        }
    }

    @State(Scope.Benchmark)
    public static class Unobserved extends Container {
        @Setup
        public void setUp() {
            start(false);
        }
    }

    @State(Scope.Benchmark)
    public static class Observed extends Container {
        @Setup
        public void setUp() {
            start(true);
        }
    }

    /**
     * The same backend built without the container ({@code ResultStores.create}): no event path at
     * all. The container runs beside it all the same, so that the JVM has loaded and compiled what
     * the other two have.
     */
    @State(Scope.Benchmark)
    public static class Plain extends Container {
        ResultBackend plain;

        @Setup
        public void setUp() {
            start(false);
            plain = Backends.memory();
        }

        @TearDown
        public void closePlain() {
            plain.close();
        }
    }

    /**
     * "Firing costs nothing measurable when nobody observes": not one object more allocated per
     * store (less than 16 bytes, the smallest object; JMH's figure wobbles by a fraction of a byte),
     * the load-independent check, with {@code -prof gc}; and a time within 5% of the baseline's.
     */
    @Benchmark
    @Baseline("rawStore")
    @Goal(maxRatio = 1.05, maxExtraBytesPerOp = 8)
    public void storeUnobserved(Unobserved state) {
        state.results.storeSuccess(TASK, VALUE);
    }

    /** The price of one synchronous observer (the event, its resolution and delivery, plus the async notification). */
    @Benchmark
    @Baseline("rawStore")
    public void storeObserved(Observed state) {
        state.results.storeSuccess(TASK, VALUE);
    }

    @Benchmark
    public void rawStore(Plain state) {
        state.plain.storeSuccess(TASK, VALUE);
    }
}
