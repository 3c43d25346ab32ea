package dev.resultstore.impl.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStoreConfigurationException;
import dev.resultstore.ResultStores;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Generated configuration values: a valid one is accepted with the right value; anything else
 * gives a {@link ResultStoreConfigurationException} naming the key as given, never another
 * exception, never a secret value.
 */
class ConfigurationPropertiesTest {

    private static final String TYPED = TestStorages.Typed.class.getName();
    private static final List<String> DURATION_KEYS = List.of(ConfigKeys.EXPIRES, ConfigKeys.CLEANUP_INTERVAL,
            ConfigKeys.RETRY_BACKOFF, ConfigKeys.RETRY_MAX_BACKOFF, ConfigKeys.RETRY_MAX_DURATION, ConfigKeys.AWAIT_POLL_INTERVAL,
            ConfigKeys.SHUTDOWN_GRACE_PERIOD);

    /** The configuration of the default store, or the exception parsing it threw. */
    private static Object parse(String... keysAndValues) {
        Map<String, String> properties = new HashMap<>(Map.of("resultstore.storage", "memory"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        try {
            return StoreConfiguration.parse("", properties, ConfigurationPropertiesTest.class.getClassLoader());
        } catch (RuntimeException | Error e) {
            return e;
        }
    }

    private static void assertProblemNaming(Object outcome, String key) {
        assertThat(outcome).isInstanceOf(ResultStoreConfigurationException.class);
        assertThat(((ResultStoreConfigurationException) outcome).problems()).singleElement().asString().startsWith(key + ": ");
    }

    @Property(tries = 400)
    void durationsWithinAMillisecondAndAHundredYearsAreAcceptedOthersNamed(
            @ForAll("durations") Duration duration, @ForAll("durationKeys") String key) {
        Object outcome = parse("resultstore." + key, duration.toString());

        boolean valid = duration.isZero()
                || duration.compareTo(Duration.ofMillis(1)) >= 0 && duration.compareTo(Duration.ofDays(36_500)) <= 0;
        if (valid) {
            assertThat(outcome).isInstanceOf(StoreConfiguration.class);
            StoreConfiguration configuration = (StoreConfiguration) outcome;
            if (key.equals(ConfigKeys.EXPIRES)) {
                assertThat(configuration.expires()).isEqualTo(duration);
            } else if (key.equals(ConfigKeys.CLEANUP_INTERVAL)) {
                assertThat(configuration.cleanupInterval()).isEqualTo(duration);
            } else if (key.equals(ConfigKeys.AWAIT_POLL_INTERVAL)) {
                assertThat(configuration.awaitPollInterval()).isEqualTo(duration);
            }
        } else {
            assertProblemNaming(outcome, "resultstore." + key);
        }
    }

    @Provide
    Arbitrary<Duration> durations() {
        Arbitrary<Duration> small = Arbitraries.longs().between(0, 5_000_000).map(Duration::ofNanos);
        Arbitrary<Duration> any = Combinators.combine(Arbitraries.longs().between(-1000, Long.MAX_VALUE / 2),
                Arbitraries.integers().between(0, 999_999_999)).as(Duration::ofSeconds);
        Arbitrary<Duration> nearMaximum = Arbitraries.longs().between(36_499L * 86_400, 36_501L * 86_400).map(Duration::ofSeconds);
        return Arbitraries.oneOf(small, any, nearMaximum);
    }

    @Provide
    Arbitrary<String> durationKeys() {
        return Arbitraries.of(DURATION_KEYS);
    }

    @Property(tries = 300)
    void anyTextForADurationIsAcceptedAsIsoOrNamedAsAProblem(@ForAll("texts") String text) {
        Object outcome = parse("resultstore.expires", text);

        if (outcome instanceof StoreConfiguration) {
            String value = text.trim();
            assertThat(((StoreConfiguration) outcome).expires())
                    .isEqualTo(value.equals("0") ? Duration.ZERO : Duration.parse(value.toUpperCase(Locale.ROOT)));
        } else {
            assertProblemNaming(outcome, "resultstore.expires");
        }
    }

    @Property(tries = 300)
    void wholeNumbersAreAcceptedInRangeOthersNamed(@ForAll("numbers") String number) {
        Object batch = parse("resultstore.cleanup.batch-size", number);
        Object retries = parse("resultstore.retry.max-retries", number);

        Integer parsed = parseInt(number.trim());
        if (parsed != null && parsed >= 1) {
            assertThat(((StoreConfiguration) batch).cleanupBatchSize()).isEqualTo(parsed);
        } else {
            assertProblemNaming(batch, "resultstore.cleanup.batch-size");
        }
        if (parsed != null && parsed >= 0) {
            assertThat(((StoreConfiguration) retries).retry().maxRetries()).isEqualTo(parsed);
        } else {
            assertProblemNaming(retries, "resultstore.retry.max-retries");
        }
    }

    private static Integer parseInt(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Provide
    Arbitrary<String> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(9), java.math.BigInteger.TEN.pow(30)).map(String::valueOf),
                Arbitraries.integers().between(0, 100).map(n -> " " + n + " "),
                texts());
    }

    @Property(tries = 200)
    void booleansAcceptTheUsualWordsInAnyCaseOthersNamed(@ForAll("booleans") String text) {
        Object outcome = parse("resultstore.extended", text);

        String word = text.trim().toLowerCase(Locale.ROOT);
        if (List.of("true", "1", "yes", "y", "on").contains(word)) {
            assertThat(((StoreConfiguration) outcome).extended()).isTrue();
        } else if (List.of("false", "0", "no", "n", "off").contains(word)) {
            assertThat(((StoreConfiguration) outcome).extended()).isFalse();
        } else {
            assertProblemNaming(outcome, "resultstore.extended");
        }
    }

    @Provide
    Arbitrary<String> booleans() {
        Arbitrary<String> words = Arbitraries.of("true", "false", "yes", "no", "on", "off", "y", "n", "1", "0")
                .flatMap(word -> Arbitraries.integers().between(0, (1 << word.length()) - 1).map(mask -> {
                    StringBuilder mixed = new StringBuilder();
                    for (int i = 0; i < word.length(); i++) {
                        mixed.append((mask & 1 << i) != 0 ? Character.toUpperCase(word.charAt(i)) : word.charAt(i));
                    }
                    return mixed.toString();
                }));
        return Arbitraries.oneOf(words, texts());
    }

    @Property(tries = 300)
    void unknownKeysAreNamedExactlyAsGiven(@ForAll("keyNames") String relative) {
        Object outcome = parse("resultstore." + relative, "x");

        assertProblemNaming(outcome, "resultstore." + relative);
    }

    @Provide
    Arbitrary<String> keyNames() {
        return Arbitraries.strings().withChars("abcdeKPRXY-_.0123456789").ofMinLength(1).ofMaxLength(24)
                .filter(name -> !ConfigKeys.isStoreKey(name) && !belongsToANamedStore(name) && !name.startsWith("storage.config."));
    }

    private static boolean belongsToANamedStore(String relative) {
        int dot = relative.indexOf('.');
        return dot > 0 && ConfigKeys.isStoreKey(relative.substring(dot + 1));
    }

    @Property(tries = 300)
    void unknownStorageParametersAreNamedExactlyAsGiven(@ForAll("parameterNames") String parameter) {
        Object outcome = parse("resultstore.storage", TYPED, "resultstore.storage.config." + parameter, "1");

        assertProblemNaming(outcome, "resultstore.storage.config." + parameter);
        assertThat(((ResultStoreConfigurationException) outcome).problems().get(0)).contains("unknown parameter");
    }

    @Provide
    Arbitrary<String> parameterNames() {
        return Arbitraries.strings().withChars("abcdefgSTUVW-_.").ofMinLength(1).ofMaxLength(16)
                .filter(name -> !StorageRecipe.parameterNames(TestStorages.Typed.class)
                        .contains(StorageRecipe.kebabCase(StorageRecipe.camelCase(name))));
    }

    @Property(tries = 250)
    void secretValuesNeverAppearInAMessageOrALog(@ForAll("secretKeys") String parameter, @ForAll("secrets") String secret) {
        String key = "resultstore.storage.config." + parameter;
        List<String> logged = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger("dev.resultstore");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()) + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level level = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        try {
            Throwable thrown = catchThrowable(() -> {
                try (ResultBackend results = ResultStores.create(Map.of("resultstore.storage", TYPED, key, secret))) {
                    assertThat(results.toString()).doesNotContain(secret.trim());
                }
            });
            if (thrown != null) {
                assertThat(thrown).isInstanceOf(ResultStoreConfigurationException.class);
                assertThat(((ResultStoreConfigurationException) thrown).problems()).singleElement().asString()
                        .satisfiesAnyOf(p -> assertThat(p).startsWith(key + ": "), p -> assertThat(p).startsWith("resultstore.storage="));
                assertThat(thrown.getMessage()).doesNotContain(secret.trim());
            }
            assertThat(logged).noneMatch(line -> line.contains(secret.trim()));
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(level);
        }
    }

    @Provide
    Arbitrary<String> secretKeys() {
        return Arbitraries.of("connection-string", "connectionString", "api-key", "apiKey", "sas-token", "credential-file");
    }

    @Provide
    Arbitrary<String> secrets() {
        Arbitrary<String> printable = Arbitraries.strings().withCharRange(' ', '~').withChars('\u0000', 'é', '€', '\n')
                .ofMinLength(12).ofMaxLength(60);
        Arbitrary<String> numeric = Arbitraries.longs().between(100_000_000_000L, Long.MAX_VALUE).map(String::valueOf);
        return Arbitraries.oneOf(printable, numeric).filter(s -> s.trim().length() >= 12);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20),
                Arbitraries.strings().withChars("PTDHMS0123456789.-+,").ofMaxLength(16),
                Arbitraries.strings().all().ofMaxLength(10));
    }
}
