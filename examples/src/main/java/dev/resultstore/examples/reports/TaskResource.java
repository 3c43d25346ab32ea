package dev.resultstore.examples.reports;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskResults;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code POST /tasks} starts a report and answers 202 with its id; {@code GET /tasks/{id}} answers
 * its state and, once ready, the report or the failure. Any node that shares the store can
 * answer the GET.
 */
@Path("tasks")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {

    @Inject
    ReportGenerator generator;

    @Inject
    @ResultStore
    ResultBackend results;

    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(ReportRequest request) {
        if (request == null) {
            return BadRequest.response("Send a report request: " + BadRequest.EXAMPLE);
        }
        // Checked here, so that the client hears at once; an unknown region is the task's own FAILURE.
        if (!request.missingFields().isEmpty()) {
            return BadRequest.response("Missing " + String.join(" and ", request.missingFields()) + " in the report request;"
                    + " send JSON such as " + BadRequest.EXAMPLE);
        }
        CompletableFuture<Report> report = generator.generate(request);
        String id = TaskResults.taskId(report);
        URI location = uri.getAbsolutePathBuilder().path(id).build();
        return Response.accepted(new Submitted(id, location)).location(location).build();
    }

    @GET
    @Path("{id}")
    public Response status(@PathParam("id") String id) {
        // An invalid id throws IllegalArgumentException: InvalidArgumentMapper answers 400.
        TaskResult<Report> task = results.result(id, Report.class);
        // An id nothing was ever stored for is PENDING to the store; to a client it is unknown.
        if (!task.exists()) {
            return error(Status.NOT_FOUND, "No task with id " + id);
        }
        return Response.ok(TaskView.of(task)).build();
    }

    private static Response error(Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).build();
    }
}
