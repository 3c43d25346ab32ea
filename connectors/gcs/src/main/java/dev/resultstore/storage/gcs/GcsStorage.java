package dev.resultstore.storage.gcs;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.google.api.gax.paging.Page;
import com.google.auth.Credentials;
import com.google.auth.Retryable;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.ReadChannel;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobField;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobSourceOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.StorageBatch;
import com.google.cloud.storage.StorageBatchResult;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;

import dev.resultstore.spi.BatchDeleteResult;
import dev.resultstore.spi.ConditionalStorage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.spi.Versioned;

/**
 * Keeps results as objects in a Google Cloud Storage bucket ({@code resultstore.storage=gcs}), laid out as
 * Celery's {@code gs://} backend lays them out: {@code <location>/celery-task-meta-<id>}, {@code application/json}.
 *
 * <p>Configured through JavaBean setters (each optional; {@link #start()} checks them together) or
 * {@link #GcsStorage(String)}. Credentials, first match wins: {@code credentials-json};
 * {@code credentials-file}; with an {@code endpoint} (an emulator), none; else Application Default
 * Credentials ({@code GOOGLE_APPLICATION_CREDENTIALS}, gcloud's login, the metadata server).
 *
 * <p>Transport is the SDK's HTTP/JSON one (no gRPC, no Netty). The SDK's own retries are off: the
 * backend retries the {@link IOException}s this class throws (connection failures, time-outs, 408,
 * 429, 5xx), and a conditional write must not be retried blindly.
 */
public class GcsStorage implements ConditionalStorage {

    private static final System.Logger LOG = System.getLogger(GcsStorage.class.getName());
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");
    private static final String CONTENT_TYPE = "application/json";
    private static final int BATCH_LIMIT = 100; // sub-requests per JSON API batch request, a service limit
    private static final int CONSISTENT_READ_ATTEMPTS = 5;
    private static final String CREDENTIALS_HINT = "give credentials-json or credentials-file (a service-account key "
            + "or any credential JSON gcloud writes), or set GOOGLE_APPLICATION_CREDENTIALS, or run where Application "
            + "Default Credentials are available (gcloud auth application-default login, workload identity, "
            + "the metadata server)";

    private String bucket;
    private String location = "";
    private String projectId;
    private Path credentialsFile;
    private String credentialsJson;
    private String endpoint;
    private boolean createBucket;
    private Duration timeout = Duration.ofSeconds(30);

    // Seams for tests: Application Default Credentials (to prove the order without a cloud), and the
    // SDK's in-process fake (LocalStorageHelper) in place of a client built from the parameters.
    Callable<GoogleCredentials> applicationDefault = GoogleCredentials::getApplicationDefault;
    Supplier<Storage> fixedClient;

    private Storage client;
    private String prefix = "";
    private String where;
    private volatile boolean batchUnsupported;

    /** For configuration through setters; call {@link #start()} after them. */
    public GcsStorage() {
    }

    /** A storage in {@code bucket} with Application Default Credentials; call {@link #start()}. */
    public GcsStorage(String bucket) {
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

    /** The project that {@link #setCreateBucket create-bucket} creates the bucket in and that is billed. */
    public void setProjectId(String projectId) {
        this.projectId = projectId;
    }

    /** A credential JSON file: a service-account key, or any credential configuration gcloud writes. */
    public void setCredentialsFile(Path credentialsFile) {
        this.credentialsFile = credentialsFile;
    }

    /** The content of a credential JSON file (a secret: never logged); wins over {@link #setCredentialsFile}. */
    public void setCredentialsJson(String credentialsJson) {
        this.credentialsJson = credentialsJson;
    }

    /** The service URL, e.g. {@code http://127.0.0.1:4443} for an emulator or a private endpoint; default: Google's. */
    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    /** Whether {@link #start()} creates the bucket when it is missing (needs storage.buckets.create). */
    public void setCreateBucket(boolean createBucket) {
        this.createBucket = createBucket;
    }

    /** How long one storage call may wait for a connection or for data before it fails with a (retryable) time-out. */
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void start() throws IOException {
        if (isBlank(bucket)) {
            throw new IllegalArgumentException("bucket is required");
        }
        if (!BUCKET_NAME.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("bucket must be 3-222 lower-case letters, digits, dashes, underscores "
                    + "and dots, starting and ending with a letter or digit: '" + bucket + "'");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        prefix = normalizedLocation(location);
        where = "bucket '" + bucket + "'" + (isBlank(endpoint) ? "" : " at " + endpoint);
        client = fixedClient != null ? fixedClient.get() : options().getService();

        try {
            if (createBucket) {
                createBucketIfMissing();
            }
            // Fails now, at deployment, on a wrong credential or bucket rather than at the first result.
            // Listing needs only storage.objects.list, which every role that can use the bucket has.
            client.list(bucket, BlobListOption.prefix(prefix), BlobListOption.pageSize(1),
                    BlobListOption.fields(BlobField.NAME));
        } catch (RuntimeException e) {
            throw failure("list objects", e);
        }
        LOG.log(System.Logger.Level.DEBUG, "Storing results in {0} under ''{1}''", where, prefix);
    }

    private void createBucketIfMissing() {
        try {
            client.create(BucketInfo.of(bucket));
            LOG.log(System.Logger.Level.INFO, "Created {0}", where);
        } catch (StorageException e) {
            if (e.getCode() != 409) { // 409: it exists already, which is what was asked for
                throw e;
            }
        }
    }

    /** The client options the parameters give: credentials in their order, HTTP transport, no SDK retries. */
    StorageOptions options() {
        Credentials credentials = credentials();
        StorageOptions.Builder builder = StorageOptions.http()
                .setCredentials(credentials)
                .setRetrySettings(ServiceOptions.getNoRetrySettings())
                .setTransportOptions(HttpTransportOptions.newBuilder()
                        .setConnectTimeout(millis(timeout))
                        .setReadTimeout(millis(timeout))
                        .build());
        if (!isBlank(endpoint)) {
            builder.setHost(endpoint.strip());
        }
        String project = projectFor(credentials);
        if (project != null) {
            builder.setProjectId(project);
        }
        return builder.build();
    }

    private Credentials credentials() {
        if (!isBlank(credentialsJson)) {
            return parsed(() -> new ByteArrayInputStream(credentialsJson.getBytes(UTF_8)), "credentials-json");
        }
        if (credentialsFile != null) {
            if (!Files.isReadable(credentialsFile)) {
                throw new IllegalArgumentException("credentials-file '" + credentialsFile + "' is not a readable file");
            }
            return parsed(() -> Files.newInputStream(credentialsFile), "credentials-file '" + credentialsFile + "'");
        }
        if (!isBlank(endpoint)) {
            return NoCredentials.getInstance(); // an emulator: nothing to authenticate, no token to leak
        }
        try {
            return applicationDefault.call();
        } catch (Exception e) {
            throw new IllegalArgumentException("no credentials: " + CREDENTIALS_HINT + " (Application Default "
                    + "Credentials: " + e.getMessage() + ")", e);
        }
    }

    private interface Source {
        InputStream open() throws IOException;
    }

    // The operator configured this credential: the input is trusted, which the SDK's deprecation is about.
    @SuppressWarnings("deprecation")
    private static GoogleCredentials parsed(Source source, String what) {
        try (InputStream in = source.open()) {
            return GoogleCredentials.fromStream(in);
        } catch (IOException | RuntimeException e) {
            // The parser's message may quote the JSON, and with it the key: say only what and where.
            throw new IllegalArgumentException(what + " is not a credential JSON Google accepts ("
                    + e.getClass().getSimpleName() + "): expected a service-account key file with \"type\": "
                    + "\"service_account\", or another credential file gcloud writes");
        }
    }

    /**
     * The project: the parameter, else the service account's. Only without an endpoint does the SDK look
     * further (GOOGLE_CLOUD_PROJECT, gcloud's configuration, the metadata server); an emulator needs none.
     */
    private String projectFor(Credentials credentials) {
        if (!isBlank(projectId)) {
            return projectId.strip();
        }
        if (credentials instanceof ServiceAccountCredentials account && account.getProjectId() != null) {
            return account.getProjectId();
        }
        return isBlank(endpoint) ? null : "";
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
        upload(key, value);
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        try {
            // A copy: a client may hand out its own buffer (the SDK's in-process fake does), and callers own what they get.
            return Optional.of(client().readAllBytes(blobId(key)).clone());
        } catch (StorageException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw failure("read " + key, e);
        } catch (RuntimeException e) {
            throw failure("read " + key, e);
        }
    }

    @Override
    public Optional<InputStream> openStream(String key) throws IOException {
        ReadChannel channel = null;
        try {
            // The channel pins the generation of its first answer: a replace in between fails the read.
            channel = client().reader(blobId(key));
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
            in.mark(1);
            in.read(); // the first request, so that a missing object is this method's answer, not the reader's
            in.reset();
            return Optional.of(in);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            StorageException storage = storageException(e);
            if (storage != null && storage.getCode() == 404) {
                return Optional.empty();
            }
            throw failure("read " + key, storage != null ? storage : e);
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        try {
            return client().delete(blobId(key)); // false on 404
        } catch (RuntimeException e) {
            throw failure("delete " + key, e);
        }
    }

    @Override
    public Stream<StoredObject> list(String keyPrefix) throws IOException {
        Page<Blob> first;
        try {
            first = client().list(bucket, BlobListOption.prefix(prefix + keyPrefix),
                    BlobListOption.fields(BlobField.NAME, BlobField.SIZE, BlobField.UPDATED));
        } catch (RuntimeException e) {
            throw failure("list " + keyPrefix, e);
        }
        Iterator<Blob> blobs = new Iterator<>() {
            private Page<Blob> page = first;
            private Iterator<Blob> values = first.getValues().iterator();

            @Override
            public boolean hasNext() {
                try {
                    while (!values.hasNext() && page.hasNextPage()) {
                        page = page.getNextPage();
                        values = page.getValues().iterator();
                    }
                } catch (RuntimeException e) {
                    Exception translated = translated("list " + keyPrefix, e);
                    throw translated instanceof IOException retryable
                            ? new UncheckedIOException(retryable) : (RuntimeException) translated;
                }
                return values.hasNext();
            }

            @Override
            public Blob next() {
                hasNext();
                return values.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(blobs, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .map(blob -> new StoredObject(blob.getName().substring(prefix.length()),
                        blob.getSize() == null ? 0 : blob.getSize(),
                        blob.getUpdateTimeOffsetDateTime() == null ? Instant.EPOCH : blob.getUpdateTimeOffsetDateTime().toInstant()));
    }

    @Override
    public BatchDeleteResult deleteAll(Collection<String> keys) throws IOException {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        int deleted = 0;
        Map<String, Exception> failures = new LinkedHashMap<>();
        for (int from = 0; from < distinct.size(); from += BATCH_LIMIT) {
            List<String> chunk = distinct.subList(from, Math.min(from + BATCH_LIMIT, distinct.size()));
            if (!batchUnsupported && chunk.size() > 1) {
                try {
                    deleted += deleteBatch(chunk, failures);
                    continue;
                } catch (UnsupportedOperationException e) {
                    batchUnavailable("the client does not support batches");
                } catch (StorageException e) {
                    if (e.getCode() == 400 || e.getCode() == 404 || e.getCode() == 405 || e.getCode() == 501) {
                        batchUnavailable("the service answered " + e.getCode());
                    } else {
                        IOException retryable = failure("delete " + chunk.size() + " keys", e);
                        chunk.forEach(key -> failures.put(key, retryable));
                        continue;
                    }
                } catch (RuntimeException e) {
                    IOException retryable = failure("delete " + chunk.size() + " keys", e);
                    chunk.forEach(key -> failures.put(key, retryable));
                    continue;
                }
            }
            BatchDeleteResult oneByOne = ConditionalStorage.super.deleteAll(chunk);
            deleted += oneByOne.deleted();
            failures.putAll(oneByOne.failures());
        }
        return new BatchDeleteResult(deleted, failures);
    }

    private void batchUnavailable(String why) {
        batchUnsupported = true;
        LOG.log(System.Logger.Level.INFO, "Batch requests are not available for {0} ({1}): "
                + "deleting one object at a time from now on", where, why);
    }

    /** One JSON API batch request; 404s count as already deleted, other per-key failures are reported. */
    private int deleteBatch(List<String> keys, Map<String, Exception> failures) {
        StorageBatch batch = client().batch();
        List<StorageBatchResult<Boolean>> results = new ArrayList<>(keys.size());
        for (String key : keys) {
            results.add(batch.delete(blobId(key)));
        }
        batch.submit();
        int deleted = 0;
        for (int i = 0; i < keys.size(); i++) {
            try {
                if (results.get(i).get()) {
                    deleted++;
                }
            } catch (StorageException e) {
                failures.put(keys.get(i), translated("delete " + keys.get(i), e));
            }
        }
        return deleted;
    }

    @Override
    public Optional<Versioned> getVersioned(String key) throws IOException {
        for (int attempt = 0; attempt < CONSISTENT_READ_ATTEMPTS; attempt++) {
            Blob blob;
            try {
                blob = client().get(blobId(key), Storage.BlobGetOption.fields(BlobField.GENERATION));
            } catch (RuntimeException e) {
                throw failure("read " + key, e);
            }
            if (blob == null) {
                return Optional.empty();
            }
            long generation = blob.getGeneration();
            try {
                byte[] value = client().readAllBytes(blobId(key), BlobSourceOption.generationMatch(generation));
                return Optional.of(new Versioned(value, Long.toString(generation)));
            } catch (StorageException e) {
                if (e.getCode() != 412 && e.getCode() != 404) {
                    throw failure("read " + key, e);
                }
                // replaced or deleted between the two requests: read again
            } catch (RuntimeException e) {
                throw failure("read " + key, e);
            }
        }
        throw new IOException("Could not read " + key + " in " + where + ": it was replaced during each of "
                + CONSISTENT_READ_ATTEMPTS + " reads (safe to retry)");
    }

    @Override
    public boolean putIfVersion(String key, byte[] value, String expectedVersion) throws IOException {
        long generation;
        try {
            generation = Long.parseLong(expectedVersion);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + expectedVersion + "' is not an object generation of " + where);
        }
        return upload(key, value, BlobTargetOption.generationMatch(generation));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value) throws IOException {
        return upload(key, value, BlobTargetOption.doesNotExist());
    }

    /** Stores the value in one multipart upload, which the service applies whole; {@code false} when a precondition failed. */
    private boolean upload(String key, byte[] value, BlobTargetOption... conditions) throws IOException {
        BlobInfo info = BlobInfo.newBuilder(blobId(key)).setContentType(CONTENT_TYPE).build();
        try {
            client().create(info, value, conditions);
            return true;
        } catch (StorageException e) {
            if (conditions.length > 0 && e.getCode() == 412) {
                return false;
            }
            throw failure("write " + key, e);
        } catch (RuntimeException e) {
            throw failure("write " + key, e);
        }
    }

    private BlobId blobId(String key) {
        Objects.requireNonNull(key, "key");
        return BlobId.of(bucket, prefix + key);
    }

    private Storage client() {
        if (client == null) {
            throw new IllegalStateException("start() has not been called");
        }
        return client;
    }

    private static StorageException storageException(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StorageException storage) {
                return storage;
            }
        }
        return null;
    }

    /**
     * The exception for a failed call: an {@link IOException} (returned) when a retry may succeed,
     * else a {@link RuntimeException} (thrown) that says what to check. No message carries a secret:
     * the bucket, the endpoint, the HTTP status, the service's reason and message (which name a
     * permission or an account, never a key).
     */
    private IOException failure(String action, Exception e) throws IOException {
        Exception translated = translated(action, e);
        if (translated instanceof RuntimeException runtime) {
            throw runtime;
        }
        return (IOException) translated;
    }

    private Exception translated(String action, Exception e) {
        String what = "Could not " + action + " in " + where;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException && cause instanceof Retryable auth && !auth.isRetryable()) {
                return new IllegalStateException(what + ": the credential was refused when exchanging it for an "
                        + "access token. Check that the service-account key is valid (not deleted or disabled) "
                        + "and that this machine's clock is right", e);
            }
        }
        StorageException storage = storageException(e);
        int status = storage == null ? 0 : storage.getCode();
        if (status > 0) {
            String answer = ": the service answered " + status + (storage.getReason() == null ? "" : " " + storage.getReason())
                    + (storage.getMessage() == null ? "" : " (" + abbreviated(storage.getMessage()) + ")");
            if (status == 408 || status == 429 || status >= 500) {
                return new IOException(what + answer + " (temporary; safe to retry)", e);
            }
            if (status == 401) {
                return new IllegalStateException(what + answer + ". Check the credential: credentials-json, "
                        + "credentials-file or Application Default Credentials, and that an emulator's endpoint is "
                        + "not given with a credential it refuses", e);
            }
            if (status == 403) {
                return new IllegalStateException(what + answer + ". Check that the account may use the bucket: "
                        + "grant it roles/storage.objectUser on the bucket (or roles/storage.objectAdmin; "
                        + "create-bucket=true also needs storage.buckets.create)", e);
            }
            if (status == 404) {
                return new IllegalStateException(what + answer + ". Check that the bucket exists and its name is right, "
                        + "or set create-bucket=true", e);
            }
            return new IllegalStateException(what + answer, e);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return new IOException(what + ": no answer within the time-out of " + timeout + " (safe to retry)", e);
            }
            if (cause instanceof InterruptedIOException interrupted) {
                return interrupted;
            }
            if (cause instanceof IOException) {
                return new IOException(what + ": " + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : " " + cause.getMessage()) + " (safe to retry)", e);
            }
        }
        return e;
    }

    private static String abbreviated(String message) {
        String line = message.strip().replace('\n', ' ');
        return line.length() <= 300 ? line : line.substring(0, 300) + "...";
    }

    @Override
    public void close() throws IOException {
        if (client != null && fixedClient == null) {
            try {
                client.close();
            } catch (Exception e) {
                throw new IOException("Could not close the client of " + where, e);
            }
        }
    }

    @Override
    public String description() {
        return (where == null ? "bucket '" + bucket + "'" : where) + (prefix.isEmpty() ? "" : ", location '" + prefix + "'");
    }

    @Override
    public String toString() {
        return "GcsStorage[" + description() + "]";
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
