package dev.resultstore.examples.reports;

import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

/** The 400 answer to bad input, {@code {"error": "..."}}, and what to say about a body that cannot be read. */
final class BadRequest {

    static final String EXAMPLE = "{\"region\": \"emea\", \"quarter\": \"2026-Q3\"}";

    private BadRequest() {
    }

    static Response response(String message) {
        return Response.status(Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", message)).build();
    }

    /**
     * What is wrong with a request body that JSON-B could not read: the parser's own words (the
     * innermost cause: "Unexpected char 125 at (line no=1, column no=21, offset=20)"), without the
     * REST runtime's wrappers around them.
     */
    static String unreadableBody(Throwable failure) {
        Throwable innermost = failure;
        String reason = failure.getMessage();
        for (Throwable cause = failure; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            innermost = cause;
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                reason = cause.getMessage();
            }
        }
        return "The request body is not a valid report request (" + (reason == null ? innermost.getClass().getSimpleName() : reason)
                + "); send JSON such as " + EXAMPLE;
    }
}
