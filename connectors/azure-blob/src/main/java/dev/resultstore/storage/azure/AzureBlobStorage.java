package dev.resultstore.storage.azure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
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
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.batch.BlobBatch;
import com.azure.storage.blob.batch.BlobBatchClient;
import com.azure.storage.blob.batch.BlobBatchClientBuilder;
import com.azure.storage.blob.models.BlobDownloadContentResponse;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;

import dev.resultstore.spi.BatchDeleteResult;
import dev.resultstore.spi.ConditionalStorage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.spi.Versioned;

/**
 * Keeps results as block blobs in an Azure Blob Storage container ({@code resultstore.storage=azure-blob}).
 *
 * <p>Configured through JavaBean setters (each optional; {@link #start()} checks them together) or
 * {@link #AzureBlobStorage(String, String)}. Credentials, first match wins:
 * {@code connection-string}; {@code endpoint} (or {@code account-name}) with {@code sas-token};
 * {@code account-name} with {@code account-key}; else the {@value #CONNECTION_STRING_VARIABLE}
 * environment variable.
 *
 * <p>Transport is the JDK {@link java.net.http.HttpClient}, so no Netty is needed. The SDK's own
 * retries are off: the backend retries the {@link IOException}s this class throws (connection
 * failures, time-outs, 408, 429, 5xx), and a conditional write must not be retried blindly.
 */
public class AzureBlobStorage implements ConditionalStorage {

    /** The environment variable used when no credential parameter is given. */
    public static final String CONNECTION_STRING_VARIABLE = "AZURE_STORAGE_CONNECTION_STRING";

    private static final System.Logger LOG = System.getLogger(AzureBlobStorage.class.getName());
    private static final Pattern CONTAINER_NAME = Pattern.compile("\\$root|[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");
    private static final int BATCH_LIMIT = 256; // sub-requests per Blob Batch request, a service limit
    private static final int PARALLEL_DELETES = 8;
    private static final String CREDENTIALS_HINT =
            "give connection-string, or endpoint with sas-token, or account-name with account-key";

    private String connectionString;
    private String endpoint;
    private String sasToken;
    private String accountName;
    private String accountKey;
    private String container;
    private String location = "";
    private boolean createContainer;
    private boolean batchDelete = true;
    private Duration timeout = Duration.ofSeconds(30);

    // Seams for tests: the environment (to check the fallback) and the transport (to reach Azurite through a proxy).
    Function<String, String> environment = System::getenv;
    UnaryOperator<JdkHttpClientBuilder> transport = UnaryOperator.identity();

    private BlobContainerClient containerClient;
    private BlobBatchClient batchClient;
    private String prefix;
    private String where;
    private volatile boolean batchUnsupported;
    private ExecutorService deletePool;

    /** For configuration through setters; call {@link #start()} after them. */
    public AzureBlobStorage() {
    }

    /** A storage in {@code container} of the account that {@code connectionString} names; call {@link #start()}. */
    public AzureBlobStorage(String connectionString, String container) {
        this.connectionString = connectionString;
        this.container = container;
    }

    /** An account connection string, as the portal shows it (it contains the key or a SAS). */
    public void setConnectionString(String connectionString) {
        this.connectionString = connectionString;
    }

    /** The blob service URL, e.g. {@code https://myaccount.blob.core.windows.net}; used with {@link #setSasToken} or {@link #setAccountKey}. */
    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    /** A shared access signature with read, add, create, write, delete and list permissions on the container. */
    public void setSasToken(String sasToken) {
        this.sasToken = sasToken;
    }

    /** The storage account name; gives the endpoint {@code https://<name>.blob.core.windows.net} when none is set. */
    public void setAccountName(String accountName) {
        this.accountName = accountName;
    }

    /** The storage account's access key. */
    public void setAccountKey(String accountKey) {
        this.accountKey = accountKey;
    }

    /** The container the results live in (required). */
    public void setContainer(String container) {
        this.container = container;
    }

    /** A folder inside the container, e.g. {@code results/prod}; empty: the container's root. */
    public void setLocation(String location) {
        this.location = location;
    }

    /** Whether {@link #start()} creates the container when it is missing (needs an account-level credential). */
    public void setCreateContainer(boolean createContainer) {
        this.createContainer = createContainer;
    }

    /** Whether {@link #deleteAll} uses the Blob Batch API; switch off where the account does not support it. */
    public void setBatchDelete(boolean batchDelete) {
        this.batchDelete = batchDelete;
    }

    /** How long one storage call may take before it fails with a (retryable) time-out. */
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void start() throws IOException {
        if (isBlank(container)) {
            throw new IllegalArgumentException("container is required");
        }
        if (!CONTAINER_NAME.matcher(container).matches()) {
            throw new IllegalArgumentException("container must be 3-63 lower-case letters, digits and single hyphens, "
                    + "starting and ending with a letter or digit: '" + container + "'");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        prefix = normalizedLocation(location);

        BlobServiceClient service = serviceClient();
        containerClient = service.getBlobContainerClient(container);
        batchClient = new BlobBatchClientBuilder(containerClient).buildClient();
        where = "container '" + container + "' of storage account '" + service.getAccountName() + "'";

        try {
            if (createContainer) {
                containerClient.createIfNotExistsWithResponse(null, timeout, Context.NONE);
            } else {
                // Fails now, at deployment, on a wrong credential or container rather than at the first result.
                containerClient.listBlobs(new ListBlobsOptions().setPrefix(prefix).setMaxResultsPerPage(1), timeout)
                        .iterableByPage().iterator().next();
            }
        } catch (RuntimeException e) {
            throw failure("access blobs", e);
        }
        LOG.log(System.Logger.Level.DEBUG, "Storing results in {0} under ''{1}''", where, prefix);
    }

    private BlobServiceClient serviceClient() {
        HttpClient http = transport.apply(new JdkHttpClientBuilder()
                .connectionTimeout(min(timeout, Duration.ofSeconds(10)))
                .responseTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout))
                .build();
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .httpClient(http)
                // One try; the SDK counts its try time-out in whole seconds, at least one.
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1,
                        Duration.ofSeconds(Math.max(1, (timeout.toMillis() + 999) / 1000)), null, null, null));

        boolean key = !isBlank(accountName) || !isBlank(accountKey);
        boolean sas = !isBlank(sasToken);
        if (!isBlank(connectionString)) {
            if (!isBlank(endpoint) || sas || key) {
                throw new IllegalArgumentException("connection-string already holds the endpoint and credential: "
                        + "leave out endpoint, sas-token, account-name and account-key");
            }
            return connectionString(builder, connectionString, "connection-string");
        }
        if (sas) {
            if (!isBlank(accountKey)) {
                throw new IllegalArgumentException("give sas-token or account-key, not both");
            }
            return builder.endpoint(endpointOr("sas-token")).sasToken(sasToken).buildClient();
        }
        if (key) {
            if (isBlank(accountName)) {
                throw new IllegalArgumentException("account-key needs account-name: " + CREDENTIALS_HINT);
            }
            if (isBlank(accountKey)) {
                throw new IllegalArgumentException("account-name needs account-key (or a sas-token): " + CREDENTIALS_HINT);
            }
            return builder.endpoint(endpointOr("account-key"))
                    .credential(new StorageSharedKeyCredential(accountName, accountKey))
                    .buildClient();
        }
        if (!isBlank(endpoint)) {
            throw new IllegalArgumentException("endpoint needs sas-token or account-name with account-key: " + CREDENTIALS_HINT);
        }
        String fromEnvironment = environment.apply(CONNECTION_STRING_VARIABLE);
        if (!isBlank(fromEnvironment)) {
            return connectionString(builder, fromEnvironment, "environment variable " + CONNECTION_STRING_VARIABLE);
        }
        throw new IllegalArgumentException("no credential: " + CREDENTIALS_HINT
                + ", or set the environment variable " + CONNECTION_STRING_VARIABLE);
    }

    private static BlobServiceClient connectionString(BlobServiceClientBuilder builder, String value, String source) {
        try {
            return builder.connectionString(value).buildClient();
        } catch (IllegalArgumentException e) {
            // The SDK's message may quote the string, and with it the key: say only where it came from.
            throw new IllegalArgumentException(source + " is not a valid Azure Storage connection string "
                    + "(expected e.g. DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;EndpointSuffix=core.windows.net)");
        }
    }

    private String endpointOr(String parameter) {
        if (!isBlank(endpoint)) {
            return endpoint;
        }
        if (!isBlank(accountName)) {
            return "https://" + accountName + ".blob.core.windows.net";
        }
        throw new IllegalArgumentException(parameter + " needs endpoint or account-name: " + CREDENTIALS_HINT);
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
        upload(key, value, null);
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        return download(key).map(response -> response.getValue().toBytes());
    }

    @Override
    public Optional<InputStream> openStream(String key) throws IOException {
        try {
            // Reads in blocks, each checked against the ETag of the first: a replace in between fails the read.
            return Optional.of(blob(key).openInputStream());
        } catch (BlobStorageException e) {
            if (isBlobNotFound(e)) {
                return Optional.empty();
            }
            throw failure("read " + key, e);
        } catch (RuntimeException e) {
            throw failure("read " + key, e);
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        try {
            blob(key).deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, timeout, Context.NONE);
            return true;
        } catch (BlobStorageException e) {
            if (isBlobNotFound(e)) {
                return false;
            }
            throw failure("delete " + key, e);
        } catch (RuntimeException e) {
            throw failure("delete " + key, e);
        }
    }

    @Override
    public Stream<StoredObject> list(String keyPrefix) throws IOException {
        ListBlobsOptions options = new ListBlobsOptions().setPrefix(prefix + keyPrefix);
        Iterator<PagedResponse<BlobItem>> pages;
        PagedResponse<BlobItem> first;
        try {
            pages = containerClient.listBlobs(options, timeout).iterableByPage().iterator();
            first = pages.next(); // the first page now, so that its failure is this method's
        } catch (RuntimeException e) {
            throw failure("list " + keyPrefix, e);
        }
        Iterator<BlobItem> items = new Iterator<>() {
            private Iterator<BlobItem> page = first.getValue().iterator();

            @Override
            public boolean hasNext() {
                try {
                    while (!page.hasNext() && pages.hasNext()) {
                        page = pages.next().getValue().iterator();
                    }
                } catch (RuntimeException e) {
                    Exception translated = translated("list " + keyPrefix, e);
                    throw translated instanceof IOException retryable
                            ? new UncheckedIOException(retryable) : (RuntimeException) translated;
                }
                return page.hasNext();
            }

            @Override
            public BlobItem next() {
                hasNext();
                return page.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .map(item -> new StoredObject(item.getName().substring(prefix.length()),
                        item.getProperties().getContentLength(),
                        item.getProperties().getLastModified().toInstant()));
    }

    @Override
    public BatchDeleteResult deleteAll(Collection<String> keys) throws IOException {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        AtomicInteger deleted = new AtomicInteger();
        Map<String, Exception> failures = new LinkedHashMap<>();
        for (int from = 0; from < distinct.size(); from += BATCH_LIMIT) {
            List<String> chunk = distinct.subList(from, Math.min(from + BATCH_LIMIT, distinct.size()));
            if (batchDelete && !batchUnsupported && chunk.size() > 1) {
                try {
                    deleteBatch(chunk, deleted, failures);
                    continue;
                } catch (BlobStorageException e) {
                    if (batchNotSupported(e)) {
                        batchUnsupported = true;
                        LOG.log(System.Logger.Level.INFO, "Blob Batch is not available for {0} ({1} {2}): "
                                + "deleting one blob at a time from now on", where, e.getStatusCode(), e.getErrorCode());
                    } else {
                        failAll(chunk, failure("delete " + chunk.size() + " keys", e), failures);
                        continue;
                    }
                } catch (RuntimeException e) {
                    failAll(chunk, failure("delete " + chunk.size() + " keys", e), failures);
                    continue;
                }
            }
            deleteInParallel(chunk, deleted, failures);
        }
        return new BatchDeleteResult(deleted.get(), failures);
    }

    /** Whether {@link #deleteAll} still sends Blob Batch requests. */
    boolean usesBatchDelete() {
        return batchDelete && !batchUnsupported;
    }

    /** A batch that may succeed when retried fails each of its keys; a credential problem is thrown by {@link #failure}. */
    private static void failAll(List<String> keys, IOException failure, Map<String, Exception> failures) {
        keys.forEach(key -> failures.put(key, failure));
    }

    private void deleteBatch(List<String> keys, AtomicInteger deleted, Map<String, Exception> failures) {
        BlobBatch batch = batchClient.getBlobBatch();
        List<Response<Void>> responses = new ArrayList<>(keys.size());
        for (String key : keys) {
            responses.add(batch.deleteBlob(container, prefix + key, DeleteSnapshotsOptionType.INCLUDE, null));
        }
        batchClient.submitBatchWithResponse(batch, false, timeout, Context.NONE);
        for (int i = 0; i < keys.size(); i++) {
            try {
                responses.get(i).getStatusCode(); // throws the sub-request's failure
                deleted.incrementAndGet();
            } catch (BlobStorageException e) {
                if (!isBlobNotFound(e)) {
                    failures.put(keys.get(i), translated("delete " + keys.get(i), e));
                }
            }
        }
    }

    /** Whether a batch request failed because batches are unavailable, not because of the credential or the service's health. */
    private static boolean batchNotSupported(BlobStorageException e) {
        int status = e.getStatusCode();
        return status == 400 || status == 404 && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(e.getErrorCode())
                || status == 405 || status == 501;
    }

    private void deleteInParallel(List<String> keys, AtomicInteger deleted, Map<String, Exception> failures) throws IOException {
        List<Future<Boolean>> futures = new ArrayList<>(keys.size());
        ExecutorService pool = deletePool();
        for (String key : keys) {
            futures.add(pool.submit(() -> delete(key)));
        }
        for (int i = 0; i < keys.size(); i++) {
            try {
                if (futures.get(i).get()) {
                    deleted.incrementAndGet();
                }
            } catch (ExecutionException e) {
                failures.put(keys.get(i), e.getCause() instanceof Exception cause ? cause : e);
            } catch (InterruptedException e) {
                futures.forEach(future -> future.cancel(true));
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while deleting from " + where);
            }
        }
    }

    private synchronized ExecutorService deletePool() {
        if (deletePool == null) {
            AtomicInteger threads = new AtomicInteger();
            deletePool = Executors.newFixedThreadPool(PARALLEL_DELETES, task -> {
                Thread thread = new Thread(task, "resultstore-azure-delete-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        return deletePool;
    }

    @Override
    public Optional<Versioned> getVersioned(String key) throws IOException {
        return download(key).map(response ->
                new Versioned(response.getValue().toBytes(), response.getDeserializedHeaders().getETag()));
    }

    @Override
    public boolean putIfVersion(String key, byte[] value, String expectedVersion) throws IOException {
        return upload(key, value, new BlobRequestConditions().setIfMatch(expectedVersion));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value) throws IOException {
        return upload(key, value, new BlobRequestConditions().setIfNoneMatch("*"));
    }

    /** Stores the value in one Put Blob request, which the service applies whole; {@code false} when a condition failed. */
    private boolean upload(String key, byte[] value, BlobRequestConditions conditions) throws IOException {
        BlockBlobSimpleUploadOptions options = new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(value))
                .setRequestConditions(conditions);
        try {
            blob(key).getBlockBlobClient().uploadWithResponse(options, timeout, Context.NONE);
            return true;
        } catch (BlobStorageException e) {
            if (conditions != null && isConditionFailure(e)) {
                return false;
            }
            throw failure("write " + key, e);
        } catch (RuntimeException e) {
            throw failure("write " + key, e);
        }
    }

    /** Another writer changed, created or deleted the blob since the version was read. */
    private static boolean isConditionFailure(BlobStorageException e) {
        return e.getStatusCode() == 412 || e.getStatusCode() == 409 && BlobErrorCode.BLOB_ALREADY_EXISTS.equals(e.getErrorCode())
                || isBlobNotFound(e);
    }

    private Optional<BlobDownloadContentResponse> download(String key) throws IOException {
        try {
            return Optional.of(blob(key).downloadContentWithResponse(null, null, timeout, Context.NONE));
        } catch (BlobStorageException e) {
            if (isBlobNotFound(e)) {
                return Optional.empty();
            }
            throw failure("read " + key, e);
        } catch (RuntimeException e) {
            throw failure("read " + key, e);
        }
    }

    private BlobClient blob(String key) {
        Objects.requireNonNull(key, "key");
        if (containerClient == null) {
            throw new IllegalStateException("start() has not been called");
        }
        return containerClient.getBlobClient(prefix + key);
    }

    private static boolean isBlobNotFound(BlobStorageException e) {
        return e.getStatusCode() == 404 && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(e.getErrorCode());
    }

    /**
     * The exception for a failed call: an {@link IOException} (returned) when a retry may succeed,
     * else a {@link RuntimeException} (thrown) that says what to check. No message carries a secret:
     * only status codes and the service's error code are quoted.
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
        if (e instanceof HttpResponseException http) {
            int status = http.getResponse() == null ? 0 : http.getResponse().getStatusCode();
            String code = e instanceof BlobStorageException blob && blob.getErrorCode() != null
                    ? " " + blob.getErrorCode() : "";
            String answer = ": the service answered " + status + code;
            if (status == 408 || status == 429 || status >= 500) {
                return new IOException(what + answer + " (temporary; safe to retry)", e);
            }
            if (status == 401 || status == 403) {
                return new IllegalStateException(what + answer + ". Check the credential: the account name and key, "
                        + "or that the SAS token has not expired and grants read, add, create, write, delete and list "
                        + "permissions on the container (and that the clocks agree)", e);
            }
            if (status == 404) {
                return new IllegalStateException(what + answer + ". Check that the container exists and its name is right, "
                        + "or set create-container=true", e);
            }
            if (e instanceof BlobStorageException blob && BlobErrorCode.INVALID_HEADER_VALUE.equals(blob.getErrorCode())) {
                return new IllegalStateException(what + answer + ". An emulator older than this SDK's service version "
                        + "answers so: start Azurite with --skipApiVersionCheck", e);
            }
            return new IllegalStateException(what + answer, e);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
                return new IOException(what + ": no answer within the time-out of " + timeout + " (safe to retry)", e);
            }
            if (cause instanceof IOException) {
                return new IOException(what + ": " + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : " " + cause.getMessage()) + " (safe to retry)", e);
            }
        }
        return e;
    }

    @Override
    public synchronized void close() {
        if (deletePool != null) {
            deletePool.shutdownNow();
            deletePool = null;
        }
    }

    @Override
    public String description() {
        return (where == null ? "container '" + container + "'" : where) + (prefix.isEmpty() ? "" : ", location '" + prefix + "'");
    }

    @Override
    public String toString() {
        return "AzureBlobStorage[" + (where == null ? "container '" + container + "'" : where) + ", location '" + prefix + "']";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
