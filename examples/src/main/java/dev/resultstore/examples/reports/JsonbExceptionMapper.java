package dev.resultstore.examples.reports;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The same 400 where the REST runtime lets JSON-B's own exception through unwrapped. */
@Provider
public class JsonbExceptionMapper implements ExceptionMapper<JsonbException> {

    @Override
    public Response toResponse(JsonbException exception) {
        return BadRequest.response(BadRequest.unreadableBody(exception));
    }
}
