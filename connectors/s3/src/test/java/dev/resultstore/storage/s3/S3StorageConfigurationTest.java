package dev.resultstore.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static dev.resultstore.tck.support.Failures.everything;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStoreConfigurationException;
import dev.resultstore.ResultStores;
import dev.resultstore.TaskState;
import dev.resultstore.spi.Storage;
import dev.resultstore.spi.StorageLabels;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Parameters, credential and region precedence, and their checks in {@link S3Storage#start()}, against a real s3proxy. */
@ExtendWith(S3ProxyExtension.class)
class S3StorageConfigurationTest {

    /** The parameters the README documents, as configuration keys. */
    private static final List<String> DOCUMENTED_KEYS = List.of("bucket", "location", "region", "endpoint", "path-style",
            "access-key", "secret-key", "session-token", "create-bucket", "timeout");
    private static final List<String> AWS_PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken", "aws.region");
    private static final String WRONG_SECRET = "wrong-secret-4f1c9a7e2b";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final S3Proxy s3proxy;
    private final String bucket = "config-" + BUCKETS.incrementAndGet();
    private final Map<String, String> savedProperties = new HashMap<>();
    private S3Storage storage;

    S3StorageConfigurationTest(S3Proxy s3proxy) {
        this.s3proxy = s3proxy;
        AWS_PROPERTIES.forEach(name -> savedProperties.put(name, System.getProperty(name)));
    }

    @AfterEach
    void restore() {
        if (storage != null) {
            storage.close();
        }
        savedProperties.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    @Test
    void theS3LabelNamesThisClass() throws IOException {
        Properties labels = new Properties();
        try (InputStream in = S3Storage.class.getClassLoader().getResourceAsStream(StorageLabels.RESOURCE)) {
            assertThat(in).as(StorageLabels.RESOURCE).isNotNull();
            labels.load(in);
        }

        assertThat(labels).containsEntry("s3", S3Storage.class.getName());
        assertThat(Storage.class).isAssignableFrom(S3Storage.class);
    }

    @Test
    void everyDocumentedKeyHasAPublicSetterAndTheConstructorsParameterIsTheBucket() throws NoSuchMethodException {
        List<String> setters = Arrays.stream(S3Storage.class.getMethods())
                .filter(method -> method.getName().startsWith("set") && method.getParameterCount() == 1)
                .map(Method::getName).toList();
        Constructor<S3Storage> constructor = S3Storage.class.getConstructor(String.class);

        for (String key : DOCUMENTED_KEYS) {
            assertThat(setters).as("setter for %s", key).contains(setterName(key));
        }
        assertThat(S3Storage.class.getConstructor()).isNotNull();
        assertThat(Arrays.stream(constructor.getParameters()).map(Parameter::getName)).containsExactly("bucket");
    }

    @Test
    void bucketIsRequired() {
        assertThatIllegalArgumentException().isThrownBy(() -> new S3Storage().start()).withMessage("bucket is required");
    }

    @Test
    void halfACredentialNamesTheMissingHalfWithoutQuotingIt() {
        S3Storage withoutSecret = direct(S3Proxy.ACCESS_KEY, null);
        S3Storage withoutAccess = direct(null, WRONG_SECRET);
        S3Storage tokenOnly = direct(null, null);
        tokenOnly.setSessionToken("token-7d0e5c");

        assertThatIllegalArgumentException().isThrownBy(withoutSecret::start).withMessage("access-key needs secret-key");
        assertThatIllegalArgumentException().isThrownBy(withoutAccess::start).withMessage("secret-key needs access-key");
        assertThatIllegalArgumentException().isThrownBy(tokenOnly::start).withMessage("session-token needs access-key and secret-key");
    }

    @Test
    void aNonPositiveTimeoutAndAnEndpointWithoutSchemeAreRefused() {
        S3Storage zero = direct(S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY);
        zero.setTimeout(Duration.ZERO);
        S3Storage hostOnly = direct(S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY);
        hostOnly.setEndpoint(URI.create("localhost:9000"));

        assertThatIllegalArgumentException().isThrownBy(zero::start).withMessage("timeout must be positive");
        assertThatIllegalArgumentException().isThrownBy(hostOnly::start).withMessageStartingWith("endpoint must be a URL");
    }

    @Test
    void directCredentialsWinOverTheSystemProperties() throws IOException {
        System.setProperty("aws.accessKeyId", "AKIAWRONGWRONGWRONG0");
        System.setProperty("aws.secretAccessKey", WRONG_SECRET);
        storage = direct(S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY);
        storage.setCreateBucket(true);

        storage.start();
        storage.put("celery-task-meta-direct", "{}".getBytes(UTF_8));

        assertThat(storage.get("celery-task-meta-direct")).isPresent();
    }

    @Test
    void wrongDirectCredentialsAreNotReplacedByRightSystemProperties() {
        System.setProperty("aws.accessKeyId", S3Proxy.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3Proxy.SECRET_KEY);
        storage = direct(S3Proxy.ACCESS_KEY, WRONG_SECRET);
        storage.setCreateBucket(true);

        Throwable failure = catchThrowable(storage::start);

        assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("403 SignatureDoesNotMatch")
                .hasMessageContaining("Check the credentials");
        assertThat(everything(failure)).doesNotContain(WRONG_SECRET);
        System.out.println("Wrong secret key: " + failure.getMessage());
    }

    @Test
    void withoutDirectCredentialsTheDefaultChainReadsTheSystemProperties() throws IOException {
        System.setProperty("aws.accessKeyId", S3Proxy.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3Proxy.SECRET_KEY);
        storage = direct(null, null);
        storage.setCreateBucket(true);

        storage.start();
        storage.put("celery-task-meta-chain", "{}".getBytes(UTF_8));

        assertThat(storage.get("celery-task-meta-chain")).isPresent();
    }

    @Test
    void wrongCredentialsFromTheDefaultChainFailAtStartWithoutRevealingThem() {
        System.setProperty("aws.accessKeyId", S3Proxy.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", WRONG_SECRET);
        storage = direct(null, null);
        storage.setCreateBucket(true);

        Throwable failure = catchThrowable(storage::start);

        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("403");
        assertThat(everything(failure)).doesNotContain(WRONG_SECRET);
    }

    @Test
    void withoutAnyCredentialTheMessageListsTheWaysToGiveOne() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        storage = direct(null, null);

        Throwable failure = catchThrowable(storage::start);

        assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("No AWS credentials for bucket '" + bucket + "' at " + s3proxy.endpoint())
                .hasMessageContaining("set access-key and secret-key")
                .hasMessageContaining("AWS_ACCESS_KEY_ID");
        System.out.println("Without credentials: " + failure.getMessage());
    }

    @Test
    void theRegionParameterWinsOverTheRegionChainWhichIsUsedWithoutIt() throws IOException {
        System.setProperty("aws.region", "eu-central-1");
        storage = direct(S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY);
        storage.setCreateBucket(true);
        storage.setRegion("ap-southeast-2");
        storage.start();
        S3Storage fromChain = direct(S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY);
        fromChain.setRegion(null);
        fromChain.start();
        fromChain.close();
        System.clearProperty("aws.region");
        S3Storage defaulted = direct(S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY);
        defaulted.setRegion(null);
        defaulted.start();
        defaulted.close();

        assertThat(storage.resolvedRegion()).isEqualTo(Region.AP_SOUTHEAST_2);
        assertThat(fromChain.resolvedRegion()).isEqualTo(Region.EU_CENTRAL_1);
        assertThat(defaulted.resolvedRegion()).as("with an endpoint and no region anywhere").isEqualTo(Region.US_EAST_1);
    }

    @Test
    void withoutEndpointOrRegionTheMessageSaysHowToGiveOne() {
        System.clearProperty("aws.region");
        S3Storage aws = new S3Storage(bucket);
        aws.setAccessKey(S3Proxy.ACCESS_KEY);
        aws.setSecretKey(S3Proxy.SECRET_KEY);

        assertThatIllegalArgumentException().isThrownBy(aws::start)
                .withMessageStartingWith("no region: set region, or give it the default way");
    }

    @Test
    void aMissingBucketFailsAtStartSayingWhatToCheck() {
        storage = direct(S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY);

        Throwable failure = catchThrowable(storage::start);

        assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bucket '" + bucket + "'")
                .hasMessageContaining("404 NoSuchBucket")
                .hasMessageContaining("Check the bucket name")
                .hasMessageContaining("create-bucket=true");
        System.out.println("Missing bucket: " + failure.getMessage());
    }

    @Test
    void createBucketCreatesItOnceAndASecondNodeFindsIt() throws IOException {
        storage = direct(S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY);
        storage.setCreateBucket(true);
        storage.start();
        S3Storage second = direct(S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY);
        second.setCreateBucket(true);
        second.start();
        second.close();

        try (S3Client client = s3proxy.client()) {
            assertThat(client.listBuckets().buckets()).extracting(b -> b.name()).contains(bucket);
        }
    }

    @Test
    void descriptionAndToStringNameTheBucketAndLocationButNoSecret() throws IOException {
        storage = direct(S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY);
        storage.setSessionToken("session-token-5e2d");
        storage.setLocation("apps/billing");

        assertThat(storage.toString()).contains(bucket).doesNotContain(S3Proxy.SECRET_KEY).doesNotContain("session-token-5e2d");
        assertThat(storage.description()).isEqualTo("bucket '" + bucket + "'");
    }

    @Test
    void keysLiveUnderTheLocationAndAreListedWithoutIt() throws IOException {
        storage = direct(S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY);
        storage.setCreateBucket(true);
        storage.setLocation("/apps/billing/");
        storage.start();

        storage.put("celery-task-meta-1", "{}".getBytes(UTF_8));

        try (S3Client client = s3proxy.client(); var listed = storage.list("celery-task-meta-")) {
            assertThat(client.headObject(request -> request.bucket(bucket).key("apps/billing/celery-task-meta-1")).contentType())
                    .isEqualTo("application/json");
            assertThat(listed.map(object -> object.key())).containsExactly("celery-task-meta-1");
        }
        assertThat(storage.description()).isEqualTo("bucket '" + bucket + "' at " + s3proxy.endpoint() + ", location 'apps/billing/'");
    }

    @Test
    void theLocationIsAFolderWhateverItsSlashes() {
        assertThat(S3Storage.normalizedLocation(null)).isEmpty();
        assertThat(S3Storage.normalizedLocation(" ")).isEmpty();
        assertThat(S3Storage.normalizedLocation("/")).isEmpty();
        assertThat(S3Storage.normalizedLocation("results")).isEqualTo("results/");
        assertThat(S3Storage.normalizedLocation("/results/prod/")).isEqualTo("results/prod/");
    }

    @Test
    void configuredThroughResultStoresWithKebabCaseKeys() {
        Map<String, String> config = new HashMap<>(s3proxy.storageConfig(bucket));
        config.put("resultstore.storage.config.create-bucket", "true");
        config.put("resultstore.storage.config.timeout", "PT5S");
        config.put("resultstore.storage.config.location", "kebab");
        config.put("resultstore.cleanup.interval", "0");

        try (ResultBackend results = ResultStores.create(config)) {
            results.storeSuccess("kebab-1", 42);

            assertThat(results.result("kebab-1").state()).isEqualTo(TaskState.SUCCESS);
        }
    }

    @Test
    void aMisconfiguredStoreFailsAtCreationWithoutQuotingTheSecret() {
        Map<String, String> config = new HashMap<>(s3proxy.storageConfig(bucket));
        config.put("resultstore.storage.config.secret-key", WRONG_SECRET);
        config.put("resultstore.storage.config.timeout", "five seconds");
        config.put("resultstore.storage.config.timout", "PT5S");

        Throwable failure = catchThrowable(() -> ResultStores.create(config).close());

        assertThat(failure).isInstanceOf(ResultStoreConfigurationException.class)
                .hasMessageContaining("resultstore.storage.config.timout")
                .hasMessageContaining("resultstore.storage.config.timeout");
        assertThat(everything(failure)).doesNotContain(WRONG_SECRET);
    }

    private S3Storage direct(String accessKey, String secretKey) {
        S3Storage configured = new S3Storage(bucket);
        configured.setEndpoint(s3proxy.endpoint());
        configured.setPathStyle(true);
        configured.setRegion(S3Proxy.REGION);
        configured.setAccessKey(accessKey);
        configured.setSecretKey(secretKey);
        return configured;
    }

    private static String setterName(String key) {
        StringBuilder name = new StringBuilder("set");
        for (String part : key.split("-")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString();
    }
}
