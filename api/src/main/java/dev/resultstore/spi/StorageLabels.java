package dev.resultstore.spi;

/**
 * How a connector jar declares its short label ({@code resultstore.storage=azure-blob}): a
 * properties file at {@value #RESOURCE} mapping the label to the {@link Storage} class, e.g.
 * {@code azure-blob=dev.resultstore.storage.azure.AzureBlobStorage}.
 */
public final class StorageLabels {

    /** The resource each connector jar carries. */
    public static final String RESOURCE = "META-INF/resultstore/storage-labels.properties";

    private StorageLabels() {
    }
}
