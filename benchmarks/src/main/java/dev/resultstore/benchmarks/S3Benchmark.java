package dev.resultstore.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import dev.resultstore.storage.s3.S3Proxy;

/**
 * The S3 store on s3proxy against a plain SDK loop on the same server: {@code putObject} of the same
 * document and {@code getObjectAsBytes}. Both use the SDK's Apache HttpClient 5 transport. The goal
 * is the issue's: at least 0.9× the raw SDK's throughput.
 */
public class S3Benchmark extends EmulatorBenchmark {

    private S3Proxy s3proxy;
    private S3Client raw;
    private byte[] document;

    @Override
    protected AutoCloseable startServer() throws Exception {
        s3proxy = S3Proxy.startInMemory();
        return s3proxy;
    }

    @Override
    protected String[] prepareStore() {
        s3proxy.createBucket("resultstore");
        return s3proxy.storageConfig("resultstore").entrySet().stream()
                .flatMap(entry -> java.util.stream.Stream.of(entry.getKey(), entry.getValue())).toArray(String[]::new);
    }

    @Override
    protected void setUpRaw(byte[] bytes) {
        document = bytes;
        s3proxy.createBucket("raw");
        raw = s3proxy.client();
        raw.putObject(request -> request.bucket("raw").key(Backends.KEY_PREFIX + READ).contentType("application/json"),
                RequestBody.fromBytes(document));
    }

    @Override
    protected void tearDownRaw() {
        raw.close();
    }

    @Benchmark
    @Override
    public void rawStore() {
        raw.putObject(request -> request.bucket("raw").key(Backends.KEY_PREFIX + STORED).contentType("application/json"),
                RequestBody.fromBytes(document));
    }

    @Benchmark
    @Override
    public byte[] rawGet() {
        return raw.getObjectAsBytes(request -> request.bucket("raw").key(Backends.KEY_PREFIX + READ)).asByteArray();
    }
}
