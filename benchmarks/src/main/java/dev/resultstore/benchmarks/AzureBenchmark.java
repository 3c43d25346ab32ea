package dev.resultstore.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;

import dev.resultstore.storage.azure.Azurite;

/**
 * The Azure Blob store on Azurite against a plain SDK loop: {@code BlobClient.upload(BinaryData, true)}
 * of the same document and {@code downloadContent()}. Both use the JDK HttpClient transport. Each call
 * varies by ±25% from second to second (Azurite is a Node process on the same two cores).
 */
public class AzureBenchmark extends EmulatorBenchmark {

    private Azurite azurite;
    private BlobClient rawStored;
    private BlobClient rawRead;
    private BinaryData document;

    @Override
    protected AutoCloseable startServer() throws Exception {
        azurite = Azurite.startInMemory();
        return azurite;
    }

    @Override
    protected String[] prepareStore() {
        return new String[] {
            "resultstore.storage", "azure-blob",
            "resultstore.storage.config.connection-string", azurite.connectionString(),
            "resultstore.storage.config.container", "resultstore",
            "resultstore.storage.config.create-container", "true"};
    }

    @Override
    protected void setUpRaw(byte[] bytes) {
        document = BinaryData.fromBytes(bytes);
        BlobContainerClient raw = new BlobServiceClientBuilder().connectionString(azurite.connectionString())
                .buildClient().createBlobContainer("raw");
        rawStored = raw.getBlobClient(Backends.KEY_PREFIX + STORED);
        rawRead = raw.getBlobClient(Backends.KEY_PREFIX + READ);
        rawRead.upload(document, true);
    }

    @Benchmark
    @Override
    public void rawStore() {
        rawStored.upload(document, true);
    }

    @Benchmark
    @Override
    public byte[] rawGet() {
        return rawRead.downloadContent().toBytes();
    }
}
