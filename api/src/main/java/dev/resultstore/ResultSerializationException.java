package dev.resultstore;

/**
 * A result could not be written or read as JSON: an unserializable return value (which is then
 * stored as a FAILURE saying why), or a corrupted document (the message names its key).
 */
public class ResultSerializationException extends ResultStoreException {
    private static final long serialVersionUID = 1L;

    public ResultSerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
