package dev.resultstore.impl.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStoreConfigurationException;
import dev.resultstore.ResultStores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Bad values, failing storages and missing jars: always one ResultStoreConfigurationException that says what to fix. */
class ConfigurationErrorsTest {

    static Map<String, String> config(String... keysAndValues) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    static List<String> problems(String... keysAndValues) {
        ResultStoreConfigurationException e = catchThrowableOfType(ResultStoreConfigurationException.class,
                () -> ResultStores.create(config(keysAndValues)).close());
        assertThat(e).as("a configuration error").isNotNull();
        return e.problems();
    }

    private static final String TYPED = TestStorages.Typed.class.getName();

    @Test
    void aStorageConstructorsOwnMessageIsKept() {
        assertThat(problems("resultstore.storage", TestStorages.RejectingConstructor.class.getName(),
                "resultstore.storage.config.bucket", "Reports")).singleElement().asString()
                .startsWith("resultstore.storage=" + TestStorages.RejectingConstructor.class.getName() + " rejected its parameters")
                .contains("bucket 'Reports' must be lowercase")
                .doesNotContain("InvocationTargetException");
    }

    @Test
    void aStorageConstructorsCheckedExceptionIsShownNotItsReflectiveWrapper() {
        assertThat(problems("resultstore.storage", TestStorages.FailingConstructor.class.getName(),
                "resultstore.storage.config.endpoint", "http://127.0.0.1:1")).singleElement().asString()
                .contains("could not be started: java.io.IOException: cannot reach http://127.0.0.1:1")
                .doesNotContain("InvocationTargetException");
    }

    @Test
    void aSettersOwnMessageIsKept() {
        assertThat(problems("resultstore.storage", TYPED, "resultstore.storage.config.region", "eu west"))
                .singleElement().asString().contains("region 'eu west' must not contain spaces");
    }

    @Test
    void aStorageThatFailsToStartIsClosed() {
        int closed = TestStorages.Delegating.CLOSED.get();

        assertThat(problems("resultstore.storage", TYPED, "resultstore.storage.config.fail-start", "io"))
                .singleElement().asString().isEqualTo("resultstore.storage=" + TYPED
                        + " could not be started: java.io.IOException: storage unreachable");
        assertThat(TestStorages.Delegating.CLOSED.get()).isEqualTo(closed + 1);
    }

    @Test
    void aSecretThatAStorageRepeatsInItsMessageIsHidden() {
        String problem = problems("resultstore.storage", TYPED,
                "resultstore.storage.config.connection-string", "AccountKeyIsHunter2").get(0);

        assertThat(problem).contains("Invalid connection string: (value hidden: secret)").doesNotContain("Hunter2");
    }

    @Test
    void aSecretThatAJdkParserWouldRepeatIsHidden() {
        List<String> problems = problems("resultstore.storage", TYPED,
                "resultstore.storage.config.api-key", "sk-live-4242x",
                "resultstore.storage.config.credential-file", "/etc/creds\u0000sk-live-path");

        assertThat(problems).hasSize(2).noneMatch(p -> p.contains("sk-live"));
        assertThat(problems).anyMatch(p -> p.startsWith("resultstore.storage.config.api-key: (value hidden: secret) is not valid"));
        assertThat(problems).anyMatch(p -> p.startsWith("resultstore.storage.config.credential-file: (value hidden: secret)"
                + " is not valid: expected a file system path"));
    }

    @Test
    void durationsBelowAMillisecondOrAboveAHundredYearsAreProblemsNotOverflows() {
        List<String> problems = problems("resultstore.storage", "memory",
                "resultstore.cleanup.interval", "PT0.0000001S",
                "resultstore.expires", "P999999999D",
                "resultstore.retry.max-duration", "PT9999999999999999999S",
                "resultstore.retry.backoff", "pt0.0009s");

        assertThat(problems).containsExactlyInAnyOrder(
                "resultstore.cleanup.interval: 'PT0.0000001S' is not valid: expected 0 or at least 1 millisecond (PT0.001S)",
                "resultstore.expires: 'P999999999D' is not valid: expected at most 100 years (P36500D)",
                "resultstore.retry.max-duration: 'PT9999999999999999999S' is not valid: expected an ISO-8601 duration"
                        + " such as PT30S, PT1H or P1D (0 for none)",
                "resultstore.retry.backoff: 'pt0.0009s' is not valid: expected 0 or at least 1 millisecond (PT0.001S)");
    }

    @Test
    void aStorageParameterDurationIsBoundedTheSameWay() {
        assertThat(problems("resultstore.storage", TYPED, "resultstore.storage.config.timeout", "P999999999D"))
                .containsExactly("resultstore.storage.config.timeout: 'P999999999D' is not valid: expected at most 100 years (P36500D)");
    }

    @Test
    void anEmptyLocationIsAProblemNotTheWorkingDirectory() {
        assertThat(problems("resultstore.storage", "filesystem", "resultstore.storage.config.location", ""))
                .containsExactly("resultstore.storage.config.location: (empty) is not valid: the value is empty;"
                        + " remove the key to use the default");
        assertThat(problems("resultstore.storage", TYPED, "resultstore.storage.config.folder", "   ",
                "resultstore.storage.config.region", ""))
                .containsExactlyInAnyOrder(
                        "resultstore.storage.config.folder: (empty) is not valid: the value is empty; remove the key to use the default",
                        "resultstore.storage.config.region: (empty) is not valid: the value is empty; remove the key to use the default");
    }

    @Test
    void anEmptyStorageIsAProblemNotTheDefault() {
        assertThat(problems("resultstore.storage", " ")).singleElement().asString()
                .startsWith("resultstore.storage: the value is empty; name a storage");
    }

    @Test
    void keysAreNamedAsTheyWereGiven() {
        assertThat(problems("resultstore.storage", "filesystem", "resultstore.storage.config.Location", "/srv"))
                .singleElement().asString().startsWith("resultstore.storage.config.Location: unknown parameter");
        assertThat(problems("resultstore.storage", TYPED, "resultstore.storage.config.maxSize", "big"))
                .containsExactly("resultstore.storage.config.maxSize: 'big' is not valid: expected a number (long)");
        assertThat(problems("resultstore.storage", TYPED, "resultstore.storage.config.max-size", "1",
                "resultstore.storage.config.maxSize", "2")).singleElement().asString()
                .contains("names the same parameter as").contains("keep one of them");
    }

    @Test
    void aMissingDependencyOfAStorageNamesTheStorageAndTheMissingClass() {
        ResultStoreConfigurationException e = catchThrowableOfType(ResultStoreConfigurationException.class,
                () -> StoreConfiguration.parse("", config("resultstore.storage", TestStorages.NeedsMissingDependency.class.getName()),
                        new HidingLoader()));

        assertThat(e.problems()).singleElement().asString().isEqualTo("resultstore.storage: storage class "
                + TestStorages.NeedsMissingDependency.class.getName() + " cannot be loaded: it needs class "
                + TestStorages.MissingDependency.class.getName() + ", which is not on the class path; add the jar that"
                + " contains it (a dependency of the storage's connector) to the application (WEB-INF/lib) or to the class path");
    }

    @Test
    void theJarLikelyToLackAMissingClassIsNamed() {
        assertThat(MissingDependencies.artifact("com.azure.storage.blob.BlobServiceClient")).contains("azure-storage-blob");
        assertThat(MissingDependencies.artifact("software.amazon.awssdk.services.s3.S3Client")).contains("software.amazon.awssdk:s3");
        assertThat(MissingDependencies.artifact("com.google.cloud.storage.Storage")).contains("google-cloud-storage");
        assertThat(MissingDependencies.artifact("org.apache.sshd.sftp.client.fs.SftpFileSystemProvider")).contains("sshd-sftp");
        assertThat(MissingDependencies.describe("resultstore.storage", "dev.resultstore.storage.s3.S3Storage",
                new NoClassDefFoundError("software/amazon/awssdk/core/exception/SdkException")))
                .contains("dev.resultstore.storage.s3.S3Storage").contains("software.amazon.awssdk.core.exception.SdkException")
                .contains("software.amazon.awssdk:s3");
    }

    @Test
    void aFailingStaticInitialiserIsAProblemNamingTheStorageNotAnError() {
        String storage = TestStorages.FailingInitialiser.class.getName();

        assertThat(problems("resultstore.storage", storage)).singleElement().asString()
                .isEqualTo("resultstore.storage: storage class " + storage + " failed to initialise (its static initialiser"
                        + " threw java.lang.IllegalStateException: SDK configuration is broken)");
        assertThat(problems("resultstore.storage", storage)).singleElement().asString()
                .startsWith("resultstore.storage: storage class " + storage + " cannot be used: class " + storage
                        + " failed to initialise earlier");
    }

    @Test
    void problemsOfStoreKeysAndStorageParametersAreListedTogether() {
        List<String> problems = problems("resultstore.storage", TYPED,
                "resultstore.storage.config.shards", "many",
                "resultstore.storage.config.verify", "perhaps",
                "resultstore.storage.config.colour", "red",
                "resultstore.expires", "P999999999D",
                "resultstore.cleanup.batch-size", "99999999999",
                "resultstore.retry.max-retries", "three");

        assertThat(problems).hasSize(6).allSatisfy(p -> assertThat(p).startsWith("resultstore."));
    }

    @Test
    void aValidConfigurationStillBuilds() {
        try (ResultBackend results = ResultStores.create(config("resultstore.storage", TYPED,
                "resultstore.storage.config.connection-string", "AccountName=a;AccountKey=b",
                "resultstore.storage.config.timeout", "PT0.001S",
                "resultstore.expires", "P36500D"))) {
            results.storeSuccess("t", 1);
            assertThat(results.result("t").get()).isEqualTo(1);
        }
    }

    /** Loads {@link TestStorages.NeedsMissingDependency} itself and cannot find {@link TestStorages.MissingDependency}. */
    static final class HidingLoader extends ClassLoader {
        HidingLoader() {
            super(ConfigurationErrorsTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.equals(TestStorages.MissingDependency.class.getName())) {
                    throw new ClassNotFoundException(name);
                }
                if (!name.equals(TestStorages.NeedsMissingDependency.class.getName())) {
                    return super.loadClass(name, resolve);
                }
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        byte[] bytes = in.readAllBytes();
                        loaded = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return loaded;
            }
        }
    }
}
