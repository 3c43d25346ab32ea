package dev.resultstore.examples.reports;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A body the REST runtime could not turn into a {@link ReportRequest} (malformed JSON, a field of
 * the wrong type): 400 saying what is wrong, rather than a 500 with the runtime's internal message.
 */
@Provider
public class UnreadableBodyMapper implements ExceptionMapper<ProcessingException> {

    @Override
    public Response toResponse(ProcessingException exception) {
        return BadRequest.response(BadRequest.unreadableBody(exception));
    }
}
