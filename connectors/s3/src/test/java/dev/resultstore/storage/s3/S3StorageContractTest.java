package dev.resultstore.storage.s3;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtendWith;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import dev.resultstore.tck.support.BucketPerTestContractTest;

/**
 * The conditional connector TCK against a real s3proxy: a new bucket for each test, created by the
 * storage, keys at its root; the second instance is another S3Storage (its own SDK client) on the
 * same bucket.
 *
 * <p>Declared limitations, reported as skipped: s3proxy checks {@code If-Match} before it writes
 * rather than as it writes, so racing replaces can both win there (see {@link S3ConditionalWritesTest};
 * AWS S3 evaluates the condition atomically); S3's versions are ETags, the MD5 of a single-part
 * object's bytes on AWS S3 as on s3proxy, so writing the same bytes again gives the same version;
 * and s3proxy has no object lock, bucket policy or per-object permission that could refuse one
 * delete (the per-key failures of {@code deleteAll} are tested against a stub server in
 * {@link S3StorageFailureTest}).
 */
@ExtendWith(S3ProxyExtension.class)
class S3StorageContractTest extends BucketPerTestContractTest {

    /** A customer-provided encryption key (SSE-C) for making an object unreadable: a test value, not a secret. */
    private static final byte[] CUSTOMER_KEY = new byte[32];

    private static final String ETAG_IS_CONTENT_MD5 = "S3 versions are ETags, and for a single-part upload without KMS "
            + "the ETag is the MD5 of the bytes (on AWS S3 as on s3proxy): the same bytes written again get the same "
            + "version, and S3's If-Match compares nothing else";

    final S3Proxy s3;
    String location = "";

    S3StorageContractTest(S3Proxy s3) {
        this.s3 = s3;
    }

    @Override
    protected S3Storage open(boolean createBucket) throws Exception {
        S3Storage storage = new S3Storage(bucket);
        storage.setLocation(location);
        storage.setEndpoint(s3.endpoint());
        storage.setPathStyle(true);
        storage.setRegion(S3Proxy.REGION);
        storage.setAccessKey(S3Proxy.ACCESS_KEY);
        storage.setSecretKey(S3Proxy.SECRET_KEY);
        storage.setCreateBucket(createBucket);
        storage.start();
        return storage;
    }

    @Override
    protected Map<String, String> knownLimitations() {
        return Map.of(
                "exactlyOneOfManyWritersOnTwoInstancesWinsEachRound", "s3proxy compares the If-Match ETag in a read before "
                        + "the write, not atomically with it, so two writers holding one ETag can both win a round "
                        + "(S3ConditionalWritesTest shows it; AWS S3 evaluates If-Match atomically)",
                "aVersionDoesNotMatchAfterTheKeyIsDeletedAndTheSameBytesStoredAgain", ETAG_IS_CONTENT_MD5,
                "aVersionDoesNotMatchAfterTheSameBytesAreWrittenAgain", ETAG_IS_CONTENT_MD5);
    }

    /**
     * Stores the same bytes again encrypted with a customer-provided key (SSE-C), as another
     * application may: S3 and s3proxy then refuse to serve the object without that key (400
     * InvalidRequest) while listing it with its size.
     */
    @Override
    protected long makeUnreadable(String key) throws Exception {
        String objectKey = S3Storage.normalizedLocation(location) + key;
        String customerKey = Base64.getEncoder().encodeToString(CUSTOMER_KEY);
        String customerKeyMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(CUSTOMER_KEY));
        try (S3Client client = s3.client()) {
            byte[] value = client.getObjectAsBytes(request -> request.bucket(bucket).key(objectKey)).asByteArray();
            client.putObject(request -> request.bucket(bucket).key(objectKey)
                    .sseCustomerAlgorithm("AES256").sseCustomerKey(customerKey).sseCustomerKeyMD5(customerKeyMd5),
                    RequestBody.fromBytes(value));
            return value.length;
        }
    }

    @Override
    protected void makeUndeletable(String key) {
        Assumptions.abort("s3proxy 4.1.0 cannot refuse one delete: it answers 501 to object lock (legal holds, "
                + "retention) and has no bucket policies or per-object permissions for its single identity "
                + "(S3StorageFailureTest checks deleteAll's per-key failures against a stub server)");
    }

    @Override
    protected void restoreDeletable(String key) {
        // makeUndeletable never succeeds here, so there is nothing to undo
    }
}
