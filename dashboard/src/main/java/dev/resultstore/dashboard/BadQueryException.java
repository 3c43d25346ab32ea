package dev.resultstore.dashboard;

/** A request parameter the API cannot use; its message tells the caller what to send. */
final class BadQueryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadQueryException(String message) {
        super(message);
    }
}
