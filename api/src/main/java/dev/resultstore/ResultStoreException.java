package dev.resultstore;

/** The root of ResultStore's exceptions, all unchecked. */
public class ResultStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ResultStoreException(String message) {
        super(message);
    }

    public ResultStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
