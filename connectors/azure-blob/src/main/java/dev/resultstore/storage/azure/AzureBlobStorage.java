package dev.resultstore.storage.azure;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
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
import dev.resultstore.spi.PagedListing;
import dev.resultstore.spi.ConditionalStorage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.spi.Versioned;

/**
 * Keeps results as block blobs in an Azure Blob Storage container ({@code resultstore.storage=azure-blob}).
 *
 * <p>Configured through JavaBean setters (each optional; {@link #start()} checks them together) or
 * {@link #AzureBlobStorage(String, String)}. Credentials, first match wins:
 * {@code connection-string}; {@code endpoint} (or {@code account-name}) with {@code credential}
 * (Microsoft Entra ID), {@code sas-token} or {@code account-key}; else the
 * {@value #CONNECTION_STRING_VARIABLE} environment variable; else, for an {@code endpoint} or
 * {@code account-name} alone, {@code DefaultAzureCredential} when the optional azure-identity
 * library is on the class path.
 *
 * <p>Transport is the JDK {@link java.net.http.HttpClient}, so no Netty is needed. The SDK's own
 * retries are off: the backend retries the {@link IOException}s this class throws (connection
 * failures, time-outs, 408, 429, 5xx but 501 and 505), and a conditional write must not be retried
 * blindly. Parallel deletes run on the container's default {@code ManagedExecutorService} when
 * there is one, else on threads of this storage that {@link #close()} stops.
 */
public class AzureBlobStorage implements ConditionalStorage {

    /** The environment variable used when no credential parameter is given. */
    public static final String CONNECTION_STRING_VARIABLE = "AZURE_STORAGE_CONNECTION_STRING";

    private static final System.Logger LOG = System.getLogger(AzureBlobStorage.class.getName());
    private static final Pattern CONTAINER_NAME = Pattern.compile("\\$root|[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");
    private static final int BATCH_LIMIT = 256; // sub-requests per Blob Batch request, a service limit
    private static final int PARALLEL_DELETES = 8;
    private static final String CREDENTIALS_HINT = "give connection-string, or endpoint (or account-name) with "
            + "credential (Microsoft Entra ID), sas-token or account-key";
    /** The values of {@code credential}: Microsoft Entra ID credentials of azure-identity. */
    static final List<String> CREDENTIAL_KINDS = List.of("default", "managed-identity", "client-secret");
    private static final String IDENTITY_CLASS = "com.azure.identity.DefaultAzureCredentialBuilder";
    private static final String IDENTITY_ARTIFACT = "com.azure:azure-identity";
    private static final String MANAGED_EXECUTOR = "java:comp/DefaultManagedExecutorService";
    /** Names the threads a storage starts for parallel deletes under Java SE: {@code <prefix><container>-<n>}. */
    static final String DELETE_THREAD_PREFIX = "resultstore-azure-delete-";

    private String connectionString;
    private String endpoint;
    private String sasToken;
    private String accountName;
    private String accountKey;
    private String credential;
    private String tenantId;
    private String clientId;
    private String clientSecret;
    private String container;
    private String location = "";
    private boolean createContainer;
    private boolean batchDelete = true;
    private Duration timeout = Duration.ofSeconds(30);

    // Seams for tests: the environment (to check the fallback) and the transport (to reach Azurite through a
    // proxy, or trust its test certificate).
    Function<String, String> environment = System::getenv;
    Supplier<JdkHttpClientBuilder> transport = JdkHttpClientBuilder::new;
    // Seam for tests: the Microsoft Entra ID credential of a kind (tests hand out tokens of their own).
    BiFunction<String, HttpClient, TokenCredential> entraId = (kind, http) ->
            EntraIdCredentials.create(kind, blankToNull(tenantId), blankToNull(clientId), clientSecret, http);

    private BlobContainerClient containerClient;
    private BlobBatchClient batchClient;
    private String prefix;
    private String where;
    private String authentication = "";
    private boolean tokenAuthentication;
    private ExecutorService managedExecutor;
    private final AtomicInteger refusedBatches = new AtomicInteger();
    private ExecutorService ownPool;

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

    /**
     * A Microsoft Entra ID credential (needs com.azure:azure-identity): {@code default}
     * (DefaultAzureCredential: environment, workload identity, managed identity, Azure CLI...),
     * {@code managed-identity}, or {@code client-secret} (a service principal).
     */
    public void setCredential(String credential) {
        this.credential = credential;
    }

    /** The directory (tenant) id of the service principal, for {@code credential=client-secret}. */
    public void setTenantId(String tenantId) {
        this.tenantId = tenantId;
    }

    /**
     * The application (client) id: of the service principal for {@code credential=client-secret};
     * of a user-assigned managed identity for {@code managed-identity} or {@code default}.
     */
    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    /** The service principal's client secret, for {@code credential=client-secret}. */
    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
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
        managedExecutor = lookupManagedExecutor();

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
        HttpClient http = transport.get()
                .connectionTimeout(min(timeout, Duration.ofSeconds(10)))
                .responseTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .build();
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .httpClient(http)
                // One try; the SDK counts its try time-out in whole seconds, at least one.
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1,
                        Duration.ofSeconds(Math.max(1, (timeout.toMillis() + 999) / 1000)), null, null, null));

        boolean entra = !isBlank(credential);
        boolean sas = !isBlank(sasToken);
        boolean key = !isBlank(accountKey);
        boolean account = !isBlank(endpoint) || !isBlank(accountName);
        if (!isBlank(connectionString)) {
            if (account || entra || sas || key) {
                throw new IllegalArgumentException("connection-string already holds the endpoint and credential: "
                        + "leave out endpoint, account-name, credential, sas-token and account-key");
            }
            return connectionString(builder, connectionString, "connection-string");
        }
        checkEntraIdParameters(entra);
        if (entra) {
            if (sas || key) {
                throw new IllegalArgumentException("credential=" + credential.strip() + " is a Microsoft Entra ID credential: "
                        + "leave out sas-token and account-key");
            }
            return tokenClient(builder, http, credential.strip(), "credential=" + credential.strip());
        }
        if (sas) {
            if (key) {
                throw new IllegalArgumentException("give sas-token or account-key, not both");
            }
            authentication = "sas-token";
            return builder.endpoint(endpointOr("sas-token")).sasToken(sasToken).buildClient();
        }
        if (key) {
            if (isBlank(accountName)) {
                throw new IllegalArgumentException("account-key needs account-name: " + CREDENTIALS_HINT);
            }
            authentication = "account-key";
            return builder.endpoint(endpointOr("account-key"))
                    .credential(new StorageSharedKeyCredential(accountName, accountKey))
                    .buildClient();
        }
        if (account) {
            String given = isBlank(endpoint) ? "account-name" : "endpoint";
            if (!entraIdAvailable()) {
                throw new IllegalArgumentException(given + " needs a credential: " + CREDENTIALS_HINT + ". Without one, "
                        + "DefaultAzureCredential is used, but " + IDENTITY_ARTIFACT + " is not on the class path: add it "
                        + "to the application for Microsoft Entra ID");
            }
            LOG.log(System.Logger.Level.INFO, "No credential parameter for container ''{0}'': using Microsoft Entra ID "
                    + "through DefaultAzureCredential", container);
            return tokenClient(builder, http, "default", "DefaultAzureCredential (" + given + " without a credential)");
        }
        String fromEnvironment = environment.apply(CONNECTION_STRING_VARIABLE);
        if (!isBlank(fromEnvironment)) {
            return connectionString(builder, fromEnvironment, "environment variable " + CONNECTION_STRING_VARIABLE);
        }
        throw new IllegalArgumentException("no credential: " + CREDENTIALS_HINT
                + ", or set the environment variable " + CONNECTION_STRING_VARIABLE);
    }

    /** The parameters of Microsoft Entra ID credentials, checked against the kind. Never quotes a value. */
    private void checkEntraIdParameters(boolean entra) {
        if (!entra) {
            if (!isBlank(tenantId) || !isBlank(clientId) || !isBlank(clientSecret)) {
                throw new IllegalArgumentException("tenant-id, client-id and client-secret are used only with credential="
                        + String.join(", ", CREDENTIAL_KINDS).replace(", client", " or client") + ": set credential");
            }
            return;
        }
        String kind = credential.strip();
        if (!CREDENTIAL_KINDS.contains(kind)) {
            throw new IllegalArgumentException("credential must be one of " + String.join(", ", CREDENTIAL_KINDS)
                    + " (Microsoft Entra ID credentials)");
        }
        if (!entraIdAvailable()) {
            throw new IllegalArgumentException("credential=" + kind + " needs " + IDENTITY_ARTIFACT + " on the class path: "
                    + "add it to the application (see the connector's README for the dependency)");
        }
        if (kind.equals("client-secret")) {
            List<String> missing = new ArrayList<>();
            if (isBlank(tenantId)) {
                missing.add("tenant-id");
            }
            if (isBlank(clientId)) {
                missing.add("client-id");
            }
            if (isBlank(clientSecret)) {
                missing.add("client-secret");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("credential=client-secret needs tenant-id, client-id and client-secret; "
                        + "missing: " + String.join(", ", missing));
            }
        } else if (!isBlank(tenantId) || !isBlank(clientSecret)) {
            throw new IllegalArgumentException("tenant-id and client-secret are used only with credential=client-secret, "
                    + "not with credential=" + kind);
        }
    }

    private BlobServiceClient tokenClient(BlobServiceClientBuilder builder, HttpClient http, String kind, String source) {
        String url = endpointOr("credential=" + kind);
        if (!url.regionMatches(true, 0, "https://", 0, 8)) {
            throw new IllegalArgumentException(source + " needs an https endpoint: Microsoft Entra ID tokens are sent "
                    + "only over HTTPS");
        }
        authentication = source;
        tokenAuthentication = true;
        return builder.endpoint(url).credential(entraId.apply(kind, http)).buildClient();
    }

    /** Whether the optional azure-identity library can be loaded; looked up by name so that this class does not link to it. */
    static boolean entraIdAvailable() {
        try {
            Class.forName(IDENTITY_CLASS, false, AzureBlobStorage.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private BlobServiceClient connectionString(BlobServiceClientBuilder builder, String value, String source) {
        try {
            BlobServiceClient client = builder.connectionString(value).buildClient();
            authentication = source;
            return client;
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
        try {
            pages = containerClient.listBlobs(options, timeout).iterableByPage().iterator();
        } catch (RuntimeException e) {
            throw failure("list " + keyPrefix, e);
        }
        return PagedListing.of(pages, page -> page.getValue().iterator(), e -> translated("list " + keyPrefix, e))
                .map(item -> new StoredObject(item.getName().substring(prefix.length()),
                        item.getProperties().getContentLength(),
                        item.getProperties().getLastModified().toInstant()));
    }

    @Override
    public BatchDeleteResult deleteAll(Collection<String> keys) throws IOException {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        AtomicInteger deleted = new AtomicInteger();
        Map<String, Exception> failures = new LinkedHashMap<>();
        // Per call: a refused batch (an account or proxy without Blob Batch, a passing glitch) sends the rest
        // of this call blob by blob; the next call tries a batch again.
        boolean batch = batchDelete;
        for (int from = 0; from < distinct.size(); from += BATCH_LIMIT) {
            List<String> chunk = distinct.subList(from, Math.min(from + BATCH_LIMIT, distinct.size()));
            if (batch && chunk.size() > 1) {
                try {
                    deleteBatch(chunk, deleted, failures);
                    continue;
                } catch (BlobStorageException e) {
                    if (!batchNotSupported(e)) {
                        failAll(chunk, failure("delete " + chunk.size() + " keys", e), failures);
                        continue;
                    }
                    batch = false;
                    refusedBatches.incrementAndGet();
                    LOG.log(System.Logger.Level.INFO, "Blob Batch refused for {0} ({1} {2}): deleting one blob at a time "
                            + "in this call", where, e.getStatusCode(), e.getErrorCode());
                } catch (RuntimeException e) {
                    failAll(chunk, failure("delete " + chunk.size() + " keys", e), failures);
                    continue;
                }
            }
            deleteInParallel(chunk, deleted, failures);
        }
        return new BatchDeleteResult(deleted.get(), failures);
    }

    /** How many deleteAll calls found Blob Batch refused and fell back to single deletes. */
    int refusedBatches() {
        return refusedBatches.get();
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

    /**
     * Deletes the keys with up to {@value #PARALLEL_DELETES} requests at a time: helpers on the executor
     * and this thread take keys from one counter. This thread works too, so the call completes even when
     * a busy (shared, managed) executor runs none of the helpers: each helper and this thread race for
     * the helper's flag, and a helper that lost it does nothing when it starts at last.
     */
    private void deleteInParallel(List<String> keys, AtomicInteger deleted, Map<String, Exception> failures) throws IOException {
        AtomicInteger next = new AtomicInteger();
        Map<String, Exception> found = new ConcurrentHashMap<>();
        Runnable work = () -> {
            for (int i = next.getAndIncrement(); i < keys.size(); i = next.getAndIncrement()) {
                String key = keys.get(i);
                try {
                    if (delete(key)) {
                        deleted.incrementAndGet();
                    }
                } catch (IOException | RuntimeException e) {
                    found.put(key, e);
                }
            }
        };
        ExecutorService executor = deleteExecutor();
        List<AtomicBoolean> started = new ArrayList<>();
        List<Future<?>> helpers = new ArrayList<>();
        for (int i = 1; i < Math.min(PARALLEL_DELETES, keys.size()); i++) {
            AtomicBoolean flag = new AtomicBoolean();
            started.add(flag);
            helpers.add(executor.submit(() -> {
                if (flag.compareAndSet(false, true)) {
                    work.run();
                }
            }));
        }
        work.run();
        try {
            for (int i = 0; i < helpers.size(); i++) {
                if (started.get(i).compareAndSet(false, true)) {
                    helpers.get(i).cancel(false); // never started: it will not
                } else {
                    helpers.get(i).get(); // started: it finishes its last key within the time-out
                }
            }
        } catch (ExecutionException | CancellationException e) {
            throw new IllegalStateException("A delete task for " + where + " failed unexpectedly", e);
        } catch (InterruptedException e) {
            helpers.forEach(helper -> helper.cancel(true));
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while deleting from " + where);
        }
        keys.stream().filter(found::containsKey).forEach(key -> failures.put(key, found.get(key)));
    }

    /** The container's managed executor, else threads of this storage, started on first use. */
    private synchronized ExecutorService deleteExecutor() {
        if (managedExecutor != null) {
            return managedExecutor;
        }
        if (ownPool == null) {
            AtomicInteger threads = new AtomicInteger();
            ownPool = Executors.newFixedThreadPool(PARALLEL_DELETES - 1, task -> {
                Thread thread = new Thread(task, DELETE_THREAD_PREFIX + container + "-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        return ownPool;
    }

    /** The default ManagedExecutorService of a Jakarta EE container; {@code null} under Java SE. */
    private static ExecutorService lookupManagedExecutor() {
        try {
            Object found = new InitialContext().lookup(MANAGED_EXECUTOR);
            if (found instanceof ExecutorService executor) {
                return executor;
            }
        } catch (NamingException | RuntimeException e) {
            LOG.log(System.Logger.Level.TRACE, "No " + MANAGED_EXECUTOR + ": parallel deletes on threads of the storage", e);
        }
        return null;
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
        if (causeOf(e, ClientAuthenticationException.class)) {
            // From azure-identity (the SDK may wrap it), before any request reached the storage service.
            return new IllegalStateException(what + ": no Microsoft Entra ID token from " + authentication + ". "
                    + tokenHint() + ". The cause says what each credential tried", e);
        }
        if (e instanceof HttpResponseException http) {
            int status = http.getResponse() == null ? 0 : http.getResponse().getStatusCode();
            String code = e instanceof BlobStorageException blob && blob.getErrorCode() != null
                    ? " " + blob.getErrorCode() : "";
            String answer = ": the service answered " + status + code;
            if (status == 501 || status == 505) {
                return new IllegalStateException(what + answer + ": the service does not support this request. "
                        + "Check that endpoint names an Azure Blob Storage service (or an emulator of it), "
                        + "not another server or a proxy that rewrites requests", e);
            }
            if (status == 408 || status == 429 || status >= 500) {
                return new IOException(what + answer + " (temporary; safe to retry)", e);
            }
            if (status == 401 || status == 403) {
                return new IllegalStateException(what + answer + " to " + authentication + ". " + accessHint(code.strip()), e);
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

    /** What to check when the service refused the credential. */
    private String accessHint(String errorCode) {
        if (tokenAuthentication) {
            return "Check that the identity has the role Storage Blob Data Contributor on the storage account or on "
                    + "this container (a new role assignment can take several minutes to apply), and that the token is "
                    + "for Azure Storage in the account's tenant";
        }
        if (errorCode.equals("KeyBasedAuthenticationNotPermitted")) {
            return "The account does not allow shared key access (keys, account SAS, connection strings with a key): "
                    + "use credential=default, managed-identity or client-secret (Microsoft Entra ID) instead";
        }
        return "Check the credential: the account name and key, or that the SAS token has not expired and grants "
                + "read, add, create, write, delete and list permissions on the container (and that the clocks agree)";
    }

    /** What to check when azure-identity found no token. */
    private String tokenHint() {
        String kind = isBlank(credential) ? "default" : credential.strip();
        return switch (kind) {
            case "managed-identity" -> "Check that this host (VM, App Service, Container Apps, AKS with workload "
                    + "identity) has a managed identity, and that client-id, if given, names a user-assigned identity "
                    + "attached to it";
            case "client-secret" -> "Check tenant-id and client-id (the app registration's directory and application ids) "
                    + "and that the client secret has not expired";
            default -> "DefaultAzureCredential tries, in order: the environment variables AZURE_TENANT_ID and "
                    + "AZURE_CLIENT_ID with AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH), workload identity "
                    + "(AZURE_FEDERATED_TOKEN_FILE), a managed identity, then developer sign-ins (az login, Azure "
                    + "PowerShell, azd auth login). Check that one of them is set up for this server";
        };
    }

    /** Stops the threads this storage started; the container's managed executor is the container's to stop. */
    @Override
    public void close() throws IOException {
        ExecutorService pool;
        synchronized (this) {
            pool = ownPool;
            ownPool = null;
        }
        if (pool != null) {
            pool.shutdownNow();
            try {
                if (!pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "Delete threads of {0} still running after {1}", where, timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while stopping the delete threads of " + where);
            }
        }
    }

    @Override
    public String description() {
        return (where == null ? "container '" + container + "'" : where)
                + (prefix == null || prefix.isEmpty() ? "" : ", location '" + prefix + "'")
                + (authentication.isEmpty() ? "" : ", authenticated by " + authentication);
    }

    @Override
    public String toString() {
        return "AzureBlobStorage[" + (where == null ? "container '" + container + "'" : where) + ", location '" + prefix + "']";
    }

    private static boolean causeOf(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value.strip();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
