package dev.resultstore.impl;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStoreConfigurationException;
import dev.resultstore.ResultStores;
import dev.resultstore.spi.Storage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.storage.filesystem.FileSystemStorage;
import dev.resultstore.storage.memory.MemoryStorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigurationTest {

    /** A storage configured through its constructor only. */
    public static class ConstructorStorage extends Delegating {
        final String bucket;
        final int shards;

        public ConstructorStorage(String bucket, int shards) {
            this.bucket = bucket;
            this.shards = shards;
        }
    }

    public enum Tier { HOT, COOL, ARCHIVE_ONLY }

    /** A JavaBean storage with parameters of many types, one of them secret. */
    public static class TypedStorage extends Delegating {
        Duration timeout;
        Path folder;
        URI endpoint;
        Tier tier;
        char[] password;
        int apiKey;
        long maxSize;

        public TypedStorage() {
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public void setFolder(Path folder) {
            this.folder = folder;
        }

        public void setEndpoint(URI endpoint) {
            this.endpoint = endpoint;
        }

        public void setTier(Tier tier) {
            this.tier = tier;
        }

        public void setPassword(char[] password) {
            this.password = password;
        }

        public void setApiKey(int apiKey) {
            this.apiKey = apiKey;
        }

        public void setMaxSize(long maxSize) {
            this.maxSize = maxSize;
        }

        @Override
        public void start() {
            if (endpoint != null && !"https".equals(endpoint.getScheme())) {
                throw new IllegalArgumentException("endpoint must use https");
            }
        }
    }

    /** Memory storage underneath, so that the configured stores work. */
    abstract static class Delegating implements Storage {
        private final MemoryStorage memory = new MemoryStorage();

        @Override
        public void put(String key, byte[] value) {
            memory.put(key, value);
        }

        @Override
        public Optional<byte[]> get(String key) {
            return memory.get(key);
        }

        @Override
        public boolean delete(String key) {
            return memory.delete(key);
        }

        @Override
        public Stream<StoredObject> list(String keyPrefix) throws IOException {
            return memory.list(keyPrefix);
        }
    }

    private static ResultStoreConfigurationException failure(String... keysAndValues) {
        return catchThrowableOfType(ResultStoreConfigurationException.class,
                () -> ResultStores.create(Backends.config(keysAndValues)));
    }

    @Test
    void anUnknownStorageClassIsNamedWithItsKey() {
        assertThat(failure("resultstore.storage", "com.example.NoSuchStorage").problems()).singleElement().asString()
                .startsWith("resultstore.storage: ").contains("com.example.NoSuchStorage").contains("not found");
    }

    @Test
    void aClassThatIsNotAStorageIsRejected() {
        assertThat(failure("resultstore.storage", "java.lang.String").problems()).singleElement().asString()
                .contains("java.lang.String does not implement dev.resultstore.spi.Storage");
    }

    @Test
    void anUnknownLabelListsTheKnownOnes() {
        assertThat(failure("resultstore.storage", "floppy").problems()).singleElement().asString()
                .contains("unknown storage 'floppy'").contains("filesystem, memory");
    }

    @Test
    void anUnknownParameterIsNamedWithTheValidOnes() {
        assertThat(failure("resultstore.storage", "filesystem", "resultstore.storage.config.colour", "red").problems())
                .singleElement().asString()
                .startsWith("resultstore.storage.config.colour: unknown parameter")
                .contains("resultstore.storage.config.location", "resultstore.storage.config.fsync");
    }

    @Test
    void aMissingConstructorParameterIsNamed() {
        assertThat(failure("resultstore.storage", ConstructorStorage.class.getName(),
                "resultstore.storage.config.bucket", "b").problems()).singleElement().asString()
                .startsWith("resultstore.storage.config.shards: missing parameter");
    }

    @Test
    void anUnconvertibleValueSaysWhatWasExpected() {
        assertThat(failure("resultstore.storage", "filesystem", "resultstore.storage.config.fsync", "maybe").problems())
                .singleElement().asString()
                .isEqualTo("resultstore.storage.config.fsync: 'maybe' is not valid: expected true or false");
    }

    @Test
    void aStorageRejectingItsParametersFailsNamingTheStorageKey() {
        assertThat(failure("resultstore.storage", TypedStorage.class.getName(),
                "resultstore.storage.config.endpoint", "http://example.invalid").problems()).singleElement().asString()
                .contains("resultstore.storage=" + TypedStorage.class.getName()).contains("endpoint must use https");
    }

    @Test
    void everyProblemIsReportedAtOnceEachWithItsFullKey() {
        ResultStoreConfigurationException e = failure(
                "resultstore.storage", "filesystem",
                "resultstore.storage.config.colour", "red",
                "resultstore.storage.config.fsync", "perhaps",
                "resultstore.expires", "tomorrow",
                "resultstore.cleanup.interval", "-PT1H",
                "resultstore.retry.max-retries", "-1",
                "resultstore.retry.on", "com.example.NoSuchException",
                "resultstore.extended", "kinda",
                "resultstore.expiry", "P1D");

        assertThat(e.problems()).hasSize(8);
        assertThat(String.join("\n", e.problems())).contains("resultstore.storage.config.colour",
                "resultstore.storage.config.fsync", "resultstore.expires", "resultstore.cleanup.interval",
                "resultstore.retry.max-retries", "resultstore.retry.on", "resultstore.extended", "resultstore.expiry");
        assertThat(e.getMessage()).contains("8 problems");
        assertThat(e.problems()).filteredOn(p -> p.startsWith("resultstore.expiry:")).singleElement().asString()
                .contains("valid keys are").contains("resultstore.expires");
    }

    @Test
    void secretValuesNeverAppearInMessagesOrLogs() {
        try (LogCapture log = new LogCapture()) {
            ResultStoreConfigurationException e = failure("resultstore.storage", TypedStorage.class.getName(),
                    "resultstore.storage.config.api-key", "hunter2-secret",
                    "resultstore.storage.config.password", "pa55word-secret",
                    "resultstore.storage.config.endpoint", "http://example.invalid");
            assertThat(e.getMessage()).contains("resultstore.storage.config.api-key").contains("value hidden")
                    .doesNotContain("hunter2-secret").doesNotContain("pa55word-secret");

            try (ResultBackend ok = ResultStores.create(Backends.config("resultstore.storage", TypedStorage.class.getName(),
                    "resultstore.storage.config.password", "pa55word-secret"))) {
                assertThat(ok.toString()).doesNotContain("pa55word-secret");
            }
            assertThat(log.lines()).isNotEmpty().noneMatch(line -> line.contains("secret"));
        }
    }

    @Test
    void constructorParametersAreMatchedByName() {
        try (ResultBackend results = ResultStores.create(Backends.config("resultstore.storage", ConstructorStorage.class.getName(),
                "resultstore.storage.config.shards", "4", "resultstore.storage.config.bucket", "reports"))) {
            ConstructorStorage storage = Backends.storage(results);
            assertThat(storage.bucket).isEqualTo("reports");
            assertThat(storage.shards).isEqualTo(4);
        }
    }

    @Test
    void setterValuesAreConvertedTheMicroProfileConfigWay() {
        try (ResultBackend results = ResultStores.create(Backends.config("resultstore.storage", TypedStorage.class.getName(),
                "resultstore.storage.config.timeout", "PT30S",
                "resultstore.storage.config.folder", "/srv/results",
                "resultstore.storage.config.endpoint", "https://example.invalid/x",
                "resultstore.storage.config.tier", "archive-only",
                "resultstore.storage.config.password", "pw",
                "resultstore.storage.config.max-size", "1048576"))) {
            TypedStorage storage = Backends.storage(results);
            assertThat(storage.timeout).isEqualTo(Duration.ofSeconds(30));
            assertThat(storage.folder).isEqualTo(Path.of("/srv/results"));
            assertThat(storage.endpoint).isEqualTo(URI.create("https://example.invalid/x"));
            assertThat(storage.tier).isEqualTo(Tier.ARCHIVE_ONLY);
            assertThat(storage.password).containsExactly('p', 'w');
            assertThat(storage.maxSize).isEqualTo(1_048_576L);
        }
    }

    @Test
    void filesystemParametersAreApplied(@TempDir Path location) {
        try (ResultBackend results = ResultStores.create(Backends.config("resultstore.storage", "filesystem",
                "resultstore.storage.config.location", location.toString(), "resultstore.storage.config.fsync", "true"))) {
            FileSystemStorage storage = Backends.storage(results);
            assertThat(storage.location()).isEqualTo(location.toAbsolutePath());
        }
    }

    @Test
    void aStorageCanBeNamedByItsClass() {
        try (ResultBackend results = ResultStores.create(Map.of("resultstore.storage", MemoryStorage.class.getName()))) {
            assertThat(Backends.<Storage>storage(results)).isInstanceOf(MemoryStorage.class);
        }
    }

    @Test
    void namedStoresReadTheirOwnKeysAndTheDefaultStoreIgnoresThem(@TempDir Path location) {
        Map<String, String> config = Backends.config(
                "resultstore.storage", "memory",
                "resultstore.reports.storage", "filesystem",
                "resultstore.reports.storage.config.location", location.toString(),
                "resultstore.reports.key-prefix", "report-");
        try (ResultBackend defaults = ResultStores.create(config);
             ResultBackend reports = ResultStores.create("reports", config)) {
            reports.storeSuccess("q3", "done");

            assertThat(Backends.<Storage>storage(defaults)).isInstanceOf(MemoryStorage.class);
            assertThat(reports.name()).isEqualTo("reports");
            assertThat(location.resolve("report-q3")).exists();
        }
    }

    @Test
    void aNamedStoreReportsItsUnknownKeysWithItsPrefix() {
        ResultStoreConfigurationException e = catchThrowableOfType(ResultStoreConfigurationException.class,
                () -> ResultStores.create("reports", Backends.config("resultstore.reports.storage", "memory",
                        "resultstore.reports.retries", "3")));

        assertThat(e.problems()).singleElement().asString().startsWith("resultstore.reports.retries: unknown key")
                .contains("resultstore.reports.retry.max-retries");
    }

    @Test
    void keysOfTheOptionalModulesAreNotTheDefaultStoresUnknownKeys() {
        try (ResultBackend results = ResultStores.create(Backends.config("resultstore.storage", "memory",
                "resultstore.dashboard.enabled", "true", "resultstore.health.timeout", "PT1S",
                "resultstore.metrics.anything", "x"))) {
            results.storeSuccess("m-1", "ok");

            assertThat(results.result("m-1").state()).isEqualTo(dev.resultstore.TaskState.SUCCESS);
        }
    }
}
