package dev.resultstore;

/** A storage call failed, after the configured retries where the failure was safe to retry. */
public class StorageException extends ResultStoreException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
