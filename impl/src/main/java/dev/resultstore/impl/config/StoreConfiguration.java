package dev.resultstore.impl.config;

import dev.resultstore.impl.DefaultResultBackendFactory;
import dev.resultstore.impl.storage.RetryPolicy;
import dev.resultstore.impl.store.DefaultResultBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.logging.Logger;

import dev.resultstore.ResultStoreConfigurationException;
import dev.resultstore.impl.NodeIdentity;
import dev.resultstore.impl.cleanup.Cleanup;
import dev.resultstore.impl.recovery.Recovery;
import dev.resultstore.impl.codec.LazyJsonb;
import dev.resultstore.impl.codec.ResultCodec;
import dev.resultstore.impl.codec.TaskMetadata;
import dev.resultstore.impl.metrics.StoreMetrics;
import dev.resultstore.impl.storage.EncryptingStorage;
import dev.resultstore.impl.storage.LocallyConditionalStorage;
import dev.resultstore.impl.storage.RetryingStorage;
import dev.resultstore.impl.store.Results;
import dev.resultstore.spi.ConditionalStorage;
import dev.resultstore.spi.Storage;

/**
 * One store's configuration, parsed from {@code resultstore.[name.]*} properties. Parsing finds
 * every problem at once; the CDI extension and {@link DefaultResultBackendFactory} both build
 * backends only through here.
 */
public final class StoreConfiguration {

    private static final Logger LOG = Logger.getLogger(StoreConfiguration.class.getName());

    private final String name;
    private final String prefix;
    private final StorageRecipe storage;
    private final String keyPrefix;
    private final Duration expires;
    private final Duration cleanupInterval;
    private final int cleanupBatchSize;
    private final String cleanupExecutor;
    private final RetryPolicy retry;
    private final boolean extended;
    private final Duration awaitPollInterval;
    private final Duration shutdownGrace;
    private final long maxResultSize;
    private final Duration orphansAfter;
    private final boolean recovery;
    private final byte[] encryptionKey;
    private final List<byte[]> previousKeys;
    private final String nodeName;
    // Values of secret parameters, hidden in any message that might repeat them.
    private final Set<String> secrets;

    private StoreConfiguration(String name, StoreValues values, StorageRecipe storage, RetryPolicy retry, Set<String> secrets) {
        this.name = name;
        this.secrets = secrets;
        this.prefix = ConfigKeys.prefix(name);
        this.storage = storage;
        this.keyPrefix = values.keyPrefix;
        this.expires = values.expires;
        this.cleanupInterval = values.cleanupInterval;
        this.cleanupBatchSize = values.cleanupBatchSize;
        this.cleanupExecutor = values.cleanupExecutor;
        this.retry = retry;
        this.extended = values.extended;
        this.awaitPollInterval = values.awaitPollInterval;
        this.shutdownGrace = values.shutdownGrace;
        this.maxResultSize = values.maxResultSize;
        this.orphansAfter = values.orphansAfter;
        this.recovery = values.recovery;
        this.encryptionKey = values.encryptionKey;
        this.previousKeys = values.previousKeys;
        this.nodeName = values.nodeName;
    }

    /** Parses the store {@code name}; throws listing every problem. */
    public static StoreConfiguration parse(String name, Map<String, String> properties, ClassLoader loader) {
        List<String> problems = new ArrayList<>();
        StoreConfiguration configuration = parse(name, properties, loader, problems);
        if (!problems.isEmpty()) {
            throw new ResultStoreConfigurationException(problems);
        }
        return configuration;
    }

    /**
     * Parses the store {@code name} from all {@code resultstore.*} properties; adds every problem
     * to {@code problems} and returns {@code null} when there are any.
     */
    public static StoreConfiguration parse(String name, Map<String, String> properties, ClassLoader loader,
            List<String> problems) {
        String prefix = ConfigKeys.prefix(name);
        int before = problems.size();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(prefix)) {
                continue;
            }
            String relative = key.substring(prefix.length());
            if (relative.startsWith(ConfigKeys.STORAGE_CONFIG)) {
                String parameter = relative.substring(ConfigKeys.STORAGE_CONFIG.length());
                if (parameter.isEmpty()) {
                    problems.add(key + ": a storage parameter needs a name, e.g. " + prefix + ConfigKeys.STORAGE_CONFIG + "location");
                } else {
                    parameters.put(parameter, entry.getValue());
                }
            } else if (!ConfigKeys.isStoreKey(relative)
                    && !(name.isEmpty() && (belongsToNamedStore(relative) || ConfigKeys.isModuleKey(relative)))) {
                problems.add(key + ": unknown key; valid keys are " + validKeys(prefix));
            }
        }
        Function<String, String> value = relative -> properties.get(prefix + relative);
        StoreValues values = new StoreValues(prefix, value, problems);
        RetryPolicy retry = values.retryPolicy(loader);

        String storageLabel = value.apply(ConfigKeys.STORAGE);
        StorageRecipe storage = null;
        if (storageLabel == null) {
            storageLabel = ConfigKeys.DEFAULT_STORAGE;
        }
        if (storageLabel.isBlank()) {
            problems.add(prefix + ConfigKeys.STORAGE + ": the value is empty; name a storage (" + ConfigKeys.DEFAULT_STORAGE
                    + ", memory, azure-blob, s3, gcs, nio or a class name) or remove the key for the default ("
                    + ConfigKeys.DEFAULT_STORAGE + ")");
        } else {
            storage = StorageRecipe.plan(prefix + ConfigKeys.STORAGE, storageLabel.trim(),
                    prefix + ConfigKeys.STORAGE_CONFIG, parameters, loader, problems);
        }
        Set<String> secrets = Secrets.values(parameters);
        for (int i = before; i < problems.size(); i++) {
            problems.set(i, Secrets.mask(problems.get(i), secrets));
        }
        return problems.size() == before ? new StoreConfiguration(name, values, storage, retry, secrets) : null;
    }

    // resultstore.reports.storage belongs to the store "reports", not to the default store.
    private static boolean belongsToNamedStore(String relative) {
        int dot = relative.indexOf('.');
        return dot > 0 && ConfigKeys.isStoreKey(relative.substring(dot + 1));
    }

    private static String validKeys(String prefix) {
        TreeSet<String> keys = new TreeSet<>();
        ConfigKeys.STORE_KEYS.forEach(key -> keys.add(prefix + key));
        keys.add(prefix + ConfigKeys.STORAGE_CONFIG + "<parameter>");
        return String.join(", ", keys);
    }

    /**
     * Instantiates and starts the storage and builds the backend: the storage gets conditional
     * writes within this JVM if it has none of its own, then the retries, then the store.
     *
     * @param metrics told of the store's storage calls and cleanups
     * @throws ResultStoreConfigurationException when the storage rejects its parameters
     */
    public DefaultResultBackend build(Executor asyncExecutor, StoreMetrics metrics) {
        Storage instance;
        try {
            instance = storage.create();
        } catch (IllegalArgumentException e) {
            throw failure(prefix + ConfigKeys.STORAGE + "=" + storage.label() + " rejected its parameters ("
                    + prefix + ConfigKeys.STORAGE_CONFIG + "*): " + e.getMessage());
        } catch (LinkageError e) {
            throw failure(MissingDependencies.describe(prefix + ConfigKeys.STORAGE, storage.type().getName(), e));
        } catch (Exception e) {
            throw failure(prefix + ConfigKeys.STORAGE + "=" + storage.label() + " could not be started: " + e);
        }
        try {
            return assemble(instance, asyncExecutor, metrics);
        } catch (RuntimeException | LinkageError e) {
            try {
                instance.close();
            } catch (Exception | LinkageError closing) {
                e.addSuppressed(closing);
            }
            if (e instanceof ResultStoreConfigurationException) {
                throw (ResultStoreConfigurationException) e;
            }
            throw failure(description() + " could not be built: " + e);
        }
    }

    private ResultStoreConfigurationException failure(String problem) {
        return new ResultStoreConfigurationException(List.of(Secrets.mask(problem, secrets)));
    }

    private DefaultResultBackend assemble(Storage instance, Executor asyncExecutor, StoreMetrics metrics) {
        boolean conditional = instance instanceof ConditionalStorage;
        String where = Secrets.mask(instance.description(), secrets);
        LOG.info(() -> "ResultStore " + displayName() + " keeps results in " + storage.label() + " storage: "
                + where + (conditional ? "" : " (state precedence holds within this JVM only)"));
        ConditionalStorage writable = conditional ? (ConditionalStorage) instance : new LocallyConditionalStorage(instance);
        if (encryptionKey != null) {
            writable = new EncryptingStorage(writable, encryptionKey, previousKeys, maxResultSize);
        }
        RetryingStorage retrying = new RetryingStorage(writable, retry, description(), keyPrefix, metrics);
        LazyJsonb jsonb = new LazyJsonb();
        Clock clock = Clock.systemUTC();
        Results results = new Results(retrying, new ResultCodec(jsonb, nodeName, NodeIdentity.owner(nodeName)), keyPrefix, clock,
                maxResultSize);
        Cleanup cleanup = new Cleanup(results, expires, cleanupBatchSize, description(),
                conditional ? NodeIdentity.owner(nodeName) : null, cleanupInterval, metrics);
        TaskMetadata defaults = extended ? new TaskMetadata(null, null, null, nodeName, 0, null, null) : null;
        DefaultResultBackend backend = new DefaultResultBackend(name, description(), results, cleanup, defaults,
                awaitPollInterval, shutdownGrace, asyncExecutor, List.of(retrying, jsonb));
        if (recovery) {
            Recovery scan = new Recovery(results, NodeIdentity.owner(nodeName), orphansAfter, description());
            backend.closeFirst(scan::stop);
            asyncExecutor.execute(scan);
        }
        return backend;
    }

    private String displayName() {
        return name.isEmpty() ? "'default'" : "'" + name + "'";
    }

    public String name() {
        return name;
    }

    /** "store 'reports' (azure-blob)", for messages. */
    public String description() {
        return "store " + displayName() + " (" + storage.label() + ")";
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public Duration expires() {
        return expires;
    }

    /** How often scheduled cleanup runs; zero means never. */
    public Duration cleanupInterval() {
        return cleanupInterval;
    }

    public int cleanupBatchSize() {
        return cleanupBatchSize;
    }

    /** The JNDI name of the ManagedScheduledExecutorService that runs cleanup. */
    public String cleanupExecutor() {
        return cleanupExecutor;
    }

    public RetryPolicy retry() {
        return retry;
    }

    public boolean extended() {
        return extended;
    }

    public Duration awaitPollInterval() {
        return awaitPollInterval;
    }

    public String nodeName() {
        return nodeName;
    }

}
