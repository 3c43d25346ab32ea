package dev.resultstore.examples.reports;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * An argument ResultStore refuses, such as a task id with characters outside
 * {@code [A-Za-z0-9._:@-]}: 400 with the library's message, which says what a valid one is.
 */
@Provider
public class InvalidArgumentMapper implements ExceptionMapper<IllegalArgumentException> {

    @Override
    public Response toResponse(IllegalArgumentException exception) {
        return BadRequest.response(exception.getMessage());
    }
}
