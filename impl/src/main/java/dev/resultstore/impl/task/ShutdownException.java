package dev.resultstore.impl.task;

/**
 * Stored as the FAILURE of a task that was still running when the server shut down and the
 * grace period ran out ({@code exc_type} {@code ShutdownException}).
 */
public final class ShutdownException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ShutdownException(String message) {
        super(message, null, false, false);
    }
}
