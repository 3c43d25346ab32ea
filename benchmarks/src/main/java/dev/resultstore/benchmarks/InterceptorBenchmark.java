package dev.resultstore.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
import dev.resultstore.StoreResult;
import dev.resultstore.benchmarks.Payload.Report;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A {@code @StoreResult} method of an application-scoped bean in Weld SE, storing into the
 * memory store (STARTED, then SUCCESS, under a generated id), against the same method called
 * on a plain object.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class InterceptorBenchmark {

    /** The task: returns a 100-byte report. */
    @ApplicationScoped
    public static class ReportTask {
        private static final Report REPORT = Payload.of("100B");

        @StoreResult
        public Report render() {
            return REPORT;
        }
    }

    private Config config;
    private WeldContainer container;
    private ReportTask intercepted;
    private ResultBackend results;
    private final ReportTask plain = new ReportTask();

    @Setup
    public void setUp() throws InterruptedException {
        Scratch.quietLogs();
        // The extension reads its stores from MicroProfile Config; SmallRye Config plays the server's part.
        config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of(
                        "resultstore.storage", "memory",
                        "resultstore.cleanup.interval", "0",
                        // Anything older than this is removed between iterations, so that the memory store does not grow.
                        "resultstore.expires", "PT0.001S"), "benchmark", 500))
                .build();
        ConfigProviderResolver.instance().registerConfig(config, Thread.currentThread().getContextClassLoader());
        container = new Weld()
                .disableDiscovery()
                // ResultStore's extension as a server finds it: the service its jar declares
                .addExtension(java.util.ServiceLoader.load(jakarta.enterprise.inject.spi.Extension.class).stream()
                        .filter(provider -> provider.type().getName().startsWith("dev.resultstore."))
                        .findFirst().orElseThrow().get())
                .addBeanClasses(ReportTask.class)
                .initialize();
        intercepted = container.select(ReportTask.class).get();
        results = container.select(ResultBackend.class, ResultStore.Literal.DEFAULT).get();
        intercepted.render();
        Thread.sleep(10); // older than resultstore.expires
        if (results.cleanup() != 1) {
            throw new IllegalStateException("the interceptor did not store the result");
        }
    }

    @TearDown(Level.Iteration)
    public void dropResults() {
        results.cleanup();
    }

    @TearDown
    public void tearDown() {
        container.shutdown();
        ConfigProviderResolver.instance().releaseConfig(config);
    }

    @Benchmark
    @Goal(maxOverheadMicros = 10)
    public Report call() {
        return intercepted.render();
    }

    @Benchmark
    public Report rawCall() {
        return plain.render();
    }
}
