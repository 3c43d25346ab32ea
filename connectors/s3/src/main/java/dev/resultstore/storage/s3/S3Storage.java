package dev.resultstore.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.resultstore.spi.BatchDeleteResult;
import dev.resultstore.spi.PagedListing;
import dev.resultstore.spi.ConditionalStorage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.spi.Versioned;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Error;

/**
 * Keeps results as objects in an Amazon S3 bucket, or in any S3-compatible store
 * ({@code resultstore.storage=s3}).
 *
 * <p>Configured through JavaBean setters (each optional but {@code bucket}; {@link #start()}
 * checks them together) or {@link #S3Storage(String)}. Direct parameters win: {@code access-key}
 * with {@code secret-key} (and {@code session-token}) and {@code region}; without them the SDK's
 * default credential and region chains are used, as every AWS tool does.
 *
 * <p>Keys are {@code <location>/<key>}: with the backend's keys that is exactly where Celery's
 * {@code s3://} result backend looks when its {@code s3_base_path} is {@code "<location>/"}.
 * Conditional writes use {@code If-None-Match: *} and {@code If-Match: <ETag>}.
 *
 * <p>Transport is the SDK's Apache HttpClient 5 transport, so no Netty is needed. The SDK's own retries are
 * off: the backend retries the {@link IOException}s this class throws (connection failures,
 * time-outs, throttling, 5xx), and a conditional write must not be retried blindly.
 */
public class S3Storage implements ConditionalStorage {

    private static final System.Logger LOG = System.getLogger(S3Storage.class.getName());
    private static final String CONTENT_TYPE = "application/json";
    private static final int DELETE_LIMIT = 1000; // keys per DeleteObjects request, a service limit
    private static final int PARALLEL_CHECKS = 8;
    private static final Set<String> CREDENTIAL_ERRORS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "AccessDenied", "RequestTimeTooSkewed",
            "InvalidSecurity", "AccountProblem");
    private static final Set<String> REGION_ERRORS = Set.of("PermanentRedirect", "AuthorizationHeaderMalformed",
            "IllegalLocationConstraintException", "Redirect", "TemporaryRedirect");
    private static final Set<String> TEMPORARY_ERRORS = Set.of("SlowDown", "RequestTimeout", "ServiceUnavailable",
            "InternalError", "OperationAborted", "Throttling", "ThrottlingException", "RequestLimitExceeded");
    private static final String CREDENTIALS_HINT = "Check the credentials: access-key and secret-key (and "
            + "session-token, which expires), or the identity that the default credential chain found; that its policy "
            + "allows s3:GetObject, s3:PutObject, s3:DeleteObject and s3:ListBucket on the bucket; and that this "
            + "machine's clock is right";

    private String bucket;
    private String location = "";
    private String region;
    private URI endpoint;
    private boolean pathStyle;
    private String accessKey;
    private String secretKey;
    private String sessionToken;
    private boolean createBucket;
    private Duration timeout = Duration.ofSeconds(30);

    private S3Client s3;
    private Region resolvedRegion;
    private AwsCredentialsProvider credentials;
    private String prefix = "";
    private String where;
    private ExecutorService checkPool;

    /** For configuration through setters; call {@link #start()} after them. */
    public S3Storage() {
    }

    /** A storage in {@code bucket}, with the default credential and region chains; call {@link #start()}. */
    public S3Storage(String bucket) {
        this.bucket = bucket;
    }

    /** The bucket the results live in (required). */
    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    /** A folder inside the bucket, e.g. {@code results/prod}; empty: the bucket's root. */
    public void setLocation(String location) {
        this.location = location;
    }

    /** The bucket's region, e.g. {@code eu-west-1}; without it the SDK's region chain (AWS_REGION, profile, instance). */
    public void setRegion(String region) {
        this.region = region;
    }

    /** The service URL of an S3-compatible store (MinIO, Ceph, R2, an emulator); without it, AWS. */
    public void setEndpoint(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Whether the bucket goes in the path ({@code http://host/bucket/key}) rather than the host name; most S3-compatible stores need it. */
    public void setPathStyle(boolean pathStyle) {
        this.pathStyle = pathStyle;
    }

    /** The access key id; with {@link #setSecretKey}. */
    public void setAccessKey(String accessKey) {
        this.accessKey = accessKey;
    }

    /** The secret access key; with {@link #setAccessKey}. */
    public void setSecretKey(String secretKey) {
        this.secretKey = secretKey;
    }

    /** The session token of temporary credentials; with {@link #setAccessKey} and {@link #setSecretKey}. */
    public void setSessionToken(String sessionToken) {
        this.sessionToken = sessionToken;
    }

    /** Whether {@link #start()} creates the bucket when it is missing (needs s3:CreateBucket). */
    public void setCreateBucket(boolean createBucket) {
        this.createBucket = createBucket;
    }

    /** How long one storage call may take before it fails with a (retryable) time-out. */
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void start() throws IOException {
        if (isBlank(bucket)) {
            throw new IllegalArgumentException("bucket is required");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
            throw new IllegalArgumentException("endpoint must be a URL such as https://s3.example.com or http://127.0.0.1:9000");
        }
        prefix = normalizedLocation(location);
        resolvedRegion = region();
        credentials = credentialsProvider();
        where = "bucket '" + bucket + "' " + (endpoint == null ? "in region " + resolvedRegion.id() : "at " + endpoint);
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            // The chain's message says why each source failed; it never holds a credential.
            throw new IllegalStateException("No AWS credentials for " + where + ": set access-key and secret-key, or give "
                    + "them the default way (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the aws.accessKeyId and "
                    + "aws.secretAccessKey system properties, a profile in ~/.aws/credentials, web identity, or a "
                    + "container or instance role). " + e.getMessage(), e);
        }

        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(min(timeout, Duration.ofSeconds(10)))
                        .socketTimeout(timeout)
                        .expectContinueEnabled(false))
                .region(resolvedRegion)
                .credentialsProvider(credentials)
                .forcePathStyle(pathStyle)
                // Checksums only where the API requires them: many S3-compatible stores refuse the newer trailers.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(timeout));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        s3 = builder.build();

        try {
            // Fails now, at deployment, on a wrong credential, bucket or region rather than at the first result.
            s3.listObjectsV2(request -> request.bucket(bucket).prefix(prefix).maxKeys(1));
        } catch (NoSuchBucketException e) {
            if (!createBucket) {
                close();
                throw failure("access objects", e);
            }
            try {
                createBucket();
            } catch (RuntimeException creating) {
                close();
                throw failure("create the bucket", creating);
            }
        } catch (RuntimeException e) {
            close();
            throw failure("access objects", e);
        }
        LOG.log(System.Logger.Level.DEBUG, "Storing results in {0} under ''{1}''", where, prefix);
    }

    private Region region() {
        if (!isBlank(region)) {
            return Region.of(region.strip());
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            if (endpoint != null) {
                return Region.US_EAST_1; // S3-compatible stores mostly ignore it, and sign with this one
            }
            throw new IllegalArgumentException("no region: set region, or give it the default way "
                    + "(AWS_REGION, the aws.region system property, or a profile in ~/.aws/config)", e);
        }
    }

    private AwsCredentialsProvider credentialsProvider() {
        boolean access = !isBlank(accessKey);
        boolean secret = !isBlank(secretKey);
        if (access && secret) {
            AwsCredentials given = isBlank(sessionToken)
                    ? AwsBasicCredentials.create(accessKey.strip(), secretKey.strip())
                    : AwsSessionCredentials.create(accessKey.strip(), secretKey.strip(), sessionToken.strip());
            return StaticCredentialsProvider.create(given);
        }
        if (access) {
            throw new IllegalArgumentException("access-key needs secret-key");
        }
        if (secret) {
            throw new IllegalArgumentException("secret-key needs access-key");
        }
        if (!isBlank(sessionToken)) {
            throw new IllegalArgumentException("session-token needs access-key and secret-key");
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private void createBucket() {
        try {
            s3.createBucket(request -> {
                request.bucket(bucket);
                if (!Region.US_EAST_1.equals(resolvedRegion)) { // AWS wants the region named everywhere else
                    request.createBucketConfiguration(CreateBucketConfiguration.builder()
                            .locationConstraint(resolvedRegion.id()).build());
                }
            });
            LOG.log(System.Logger.Level.INFO, "Created {0}", where);
        } catch (AwsServiceException e) {
            if (!"BucketAlreadyOwnedByYou".equals(errorCode(e))) { // another node was first
                throw e;
            }
        }
    }

    /** The region requests are signed for, once started: the parameter, else the SDK's chain. */
    Region resolvedRegion() {
        return resolvedRegion;
    }

    static String normalizedLocation(String location) {
        String trimmed = location == null ? "" : location.strip();
        int start = 0;
        int end = trimmed.length();
        while (start < end && trimmed.charAt(start) == '/') {
            start++;
        }
        while (end > start && trimmed.charAt(end - 1) == '/') {
            end--;
        }
        return start == end ? "" : trimmed.substring(start, end) + "/";
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        upload(key, value, null, null);
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        return download(key).map(ResponseBytes::asByteArray);
    }

    @Override
    public Optional<InputStream> openStream(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            return Optional.of(s3.getObject(request -> request.bucket(bucket).key(objectKey)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw failure("read " + key, e);
        }
    }

    /** Deletes the object; S3 answers a delete the same whether the object was there or not, so a HEAD asks first. */
    @Override
    public boolean delete(String key) throws IOException {
        if (!exists(key)) {
            return false;
        }
        String objectKey = objectKey(key);
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(objectKey));
            return true;
        } catch (RuntimeException e) {
            throw failure("delete " + key, e);
        }
    }

    private boolean exists(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            s3.headObject(request -> request.bucket(bucket).key(objectKey));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (RuntimeException e) {
            throw failure("check " + key, e);
        }
    }

    @Override
    public Stream<StoredObject> list(String keyPrefix) throws IOException {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        requireStarted();
        Iterator<ListObjectsV2Response> pages;
        try {
            pages = s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix + keyPrefix)).iterator();
        } catch (RuntimeException e) {
            throw failure("list " + keyPrefix, e);
        }
        return PagedListing.of(pages, page -> page.contents().iterator(), e -> translated("list " + keyPrefix, e))
                .map(object -> new StoredObject(object.key().substring(prefix.length()), object.size(), object.lastModified()));
    }

    /**
     * Deletes with DeleteObjects, up to {@value #DELETE_LIMIT} keys a request. DeleteObjects
     * reports absent keys as deleted too, so a HEAD per key (in parallel) tells which were present.
     */
    @Override
    public BatchDeleteResult deleteAll(Collection<String> keys) throws IOException {
        requireStarted();
        Map<String, Exception> failures = new LinkedHashMap<>();
        List<String> present = present(new ArrayList<>(new LinkedHashSet<>(keys)), failures);
        int deleted = 0;
        for (int from = 0; from < present.size(); from += DELETE_LIMIT) {
            List<String> chunk = present.subList(from, Math.min(from + DELETE_LIMIT, present.size()));
            List<ObjectIdentifier> objects = chunk.stream().map(key -> ObjectIdentifier.builder().key(prefix + key).build()).toList();
            DeleteObjectsResponse response;
            try {
                response = s3.deleteObjects(request -> request.bucket(bucket)
                        .delete(Delete.builder().objects(objects).quiet(true).build()));
            } catch (RuntimeException e) {
                // A retryable failure fails each key of the batch; a credential problem is thrown.
                IOException retryable = failure("delete " + chunk.size() + " keys", e);
                chunk.forEach(key -> failures.put(key, retryable));
                continue;
            }
            int failed = 0;
            for (S3Error error : response.errors()) {
                String key = error.key() != null && error.key().startsWith(prefix) ? error.key().substring(prefix.length()) : error.key();
                if (!"NoSuchKey".equals(error.code())) {
                    failures.put(key, keyFailure(key, error));
                    failed++;
                }
            }
            deleted += chunk.size() - failed;
        }
        return new BatchDeleteResult(deleted, failures);
    }

    private Exception keyFailure(String key, S3Error error) {
        String message = "Could not delete " + key + " in " + where + ": S3 answered " + error.code()
                + (isBlank(error.message()) ? "" : " (" + redacted(error.message()) + ")");
        if (is(TEMPORARY_ERRORS, error.code())) {
            return new IOException(message + " (temporary; safe to retry)");
        }
        return new IllegalStateException(is(CREDENTIAL_ERRORS, error.code()) ? message + ". " + CREDENTIALS_HINT : message);
    }

    private List<String> present(List<String> keys, Map<String, Exception> failures) throws IOException {
        List<Future<Boolean>> checks = new ArrayList<>(keys.size());
        ExecutorService pool = checkPool();
        for (String key : keys) {
            checks.add(pool.submit(() -> exists(key)));
        }
        List<String> present = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            try {
                if (checks.get(i).get()) {
                    present.add(keys.get(i));
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException notRetryable) {
                    checks.forEach(check -> check.cancel(true));
                    throw notRetryable;
                }
                failures.put(keys.get(i), e.getCause() instanceof Exception cause ? cause : e);
            } catch (InterruptedException e) {
                checks.forEach(check -> check.cancel(true));
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while deleting from " + where);
            }
        }
        return present;
    }

    private synchronized ExecutorService checkPool() {
        if (checkPool == null) {
            AtomicInteger threads = new AtomicInteger();
            checkPool = Executors.newFixedThreadPool(PARALLEL_CHECKS, task -> {
                Thread thread = new Thread(task, "resultstore-s3-delete-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        return checkPool;
    }

    @Override
    public Optional<Versioned> getVersioned(String key) throws IOException {
        return download(key).map(response -> new Versioned(response.asByteArray(), response.response().eTag()));
    }

    @Override
    public boolean putIfVersion(String key, byte[] value, String expectedVersion) throws IOException {
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        return upload(key, value, expectedVersion, null);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value) throws IOException {
        return upload(key, value, null, "*");
    }

    /** One PutObject, which S3 applies whole; {@code false} when a condition failed. */
    private boolean upload(String key, byte[] value, String ifMatch, String ifNoneMatch) throws IOException {
        PutObjectRequest request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(objectKey(key))
                .contentType(CONTENT_TYPE)
                .ifMatch(ifMatch)
                .ifNoneMatch(ifNoneMatch)
                .build();
        try {
            s3.putObject(request, RequestBody.fromBytes(value));
            return true;
        } catch (AwsServiceException e) {
            if ((ifMatch != null || ifNoneMatch != null) && isConditionFailure(e)) {
                return false;
            }
            throw failure("write " + key, e);
        } catch (RuntimeException e) {
            throw failure("write " + key, e);
        }
    }

    /**
     * Another writer changed, created or deleted the object since the version was read: 412, or
     * 409 when S3 saw two conditional writes at once, or 404 for an If-Match on a deleted object.
     */
    private static boolean isConditionFailure(AwsServiceException e) {
        String code = errorCode(e);
        return e.statusCode() == 412 || e.statusCode() == 409 && "ConditionalRequestConflict".equals(code)
                || e.statusCode() == 404 && !"NoSuchBucket".equals(code);
    }

    private Optional<ResponseBytes<GetObjectResponse>> download(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            return Optional.of(s3.getObjectAsBytes(request -> request.bucket(bucket).key(objectKey)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw failure("read " + key, e);
        }
    }

    private String objectKey(String key) {
        Objects.requireNonNull(key, "key");
        requireStarted();
        return prefix + key;
    }

    private void requireStarted() {
        if (s3 == null) {
            throw new IllegalStateException("start() has not been called");
        }
    }

    /**
     * The exception for a failed call: an {@link IOException} (returned) when a retry may succeed,
     * else a {@link RuntimeException} (thrown) that says what to check. No message carries a
     * secret: the configured ones are masked wherever a service message is quoted.
     */
    private IOException failure(String action, RuntimeException e) throws IOException {
        Exception translated = translated(action, e);
        if (translated instanceof RuntimeException runtime) {
            throw runtime;
        }
        return (IOException) translated;
    }

    private Exception translated(String action, RuntimeException e) {
        String what = "Could not " + action + " in " + where;
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            String code = errorCode(service);
            String serviceMessage = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
            String answer = ": S3 answered " + status + (code == null ? "" : " " + code)
                    + (isBlank(serviceMessage) ? "" : " (" + redacted(serviceMessage) + ")");
            if (status == 408 || status == 429 || status >= 500 || is(TEMPORARY_ERRORS, code) || service.isThrottlingException()) {
                return new IOException(what + answer + " (temporary; safe to retry)", e);
            }
            if (status == 401 || status == 403 || is(CREDENTIAL_ERRORS, code)) {
                return new IllegalStateException(what + answer + ". " + CREDENTIALS_HINT, e);
            }
            if ("NoSuchBucket".equals(code) || e instanceof NoSuchBucketException) {
                return new IllegalStateException(what + answer + ". Check the bucket name, and that region and endpoint "
                        + "point where the bucket is; or set create-bucket=true", e);
            }
            if (status == 301 || status == 307 || is(REGION_ERRORS, code)) {
                return new IllegalStateException(what + answer + ". Check the region (the bucket may be in another one) "
                        + "and the endpoint", e);
            }
            return new IllegalStateException(what + answer, e);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new IOException(what + ": no answer within the time-out of " + timeout + " (safe to retry)", e);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return new IOException(what + ": no answer within the time-out of " + timeout + " (safe to retry)", e);
            }
            if (cause instanceof IOException) {
                return new IOException(what + ": " + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : " " + redacted(cause.getMessage())) + " (safe to retry)", e);
            }
        }
        if (e instanceof SdkException) {
            return new IllegalStateException(what + ": " + redacted(e.getMessage()), e);
        }
        return e;
    }

    /** Null-safe: the immutable sets throw on {@code contains(null)}, and not every answer has a code. */
    private static boolean is(Set<String> codes, String code) {
        return code != null && codes.contains(code);
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /** The text with any configured secret masked: a service may echo what it was sent. */
    private String redacted(String text) {
        String result = text == null ? "" : text;
        for (String secret : new String[] {secretKey, sessionToken, accessKey}) {
            if (!isBlank(secret)) {
                result = result.replace(secret.strip(), "****");
            }
        }
        return result;
    }

    @Override
    public synchronized void close() {
        if (checkPool != null) {
            checkPool.shutdownNow();
            checkPool = null;
        }
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
        if (credentials instanceof AutoCloseable closeable && !(credentials instanceof StaticCredentialsProvider)) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "Closing the credential provider failed", e);
            }
        }
        credentials = null;
    }

    @Override
    public String description() {
        return (where == null ? "bucket '" + bucket + "'" : where) + (prefix.isEmpty() ? "" : ", location '" + prefix + "'");
    }

    @Override
    public String toString() {
        return "S3Storage[" + description() + "]";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
