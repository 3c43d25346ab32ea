package dev.resultstore.benchmarks.deployment.app.without;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /task}: runs the task on the server's executor and answers what it returned. */
@Path("task")
@RequestScoped
public class TaskResource {

    @Resource
    ManagedExecutorService executor;

    @Inject
    Work work;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String run() throws Exception {
        String id = UUID.randomUUID().toString();
        return executor.submit(() -> work.compute(id)).get(30, TimeUnit.SECONDS);
    }
}
