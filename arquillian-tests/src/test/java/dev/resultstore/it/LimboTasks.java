package dev.resultstore.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.concurrent.Asynchronous;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;

import dev.resultstore.StoreResult;
import dev.resultstore.TaskId;

/**
 * Tasks behind a one-thread executor, started over HTTP, for the shutdown and crash tests: the
 * first one runs, the others queue.
 */
@ApplicationScoped
@ManagedExecutorDefinition(name = "java:app/concurrent/limbo", maxAsync = 1)
public class LimboTasks {

    @Asynchronous(executor = "java:app/concurrent/limbo")
    @StoreResult
    public CompletableFuture<String> work(@TaskId String id, long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("task " + id + " was interrupted", e);
        }
        return Asynchronous.Result.complete("done " + id);
    }

    /** {@code POST /api/limbo/{prefix}/{count}/{millis}}: starts tasks {@code <prefix>-0…}, each sleeping that long. */
    @Path("limbo")
    public static class Resource {

        @Inject
        LimboTasks tasks;

        @POST
        @Path("{prefix}/{count}/{millis}")
        @Produces(MediaType.TEXT_PLAIN)
        public String start(@PathParam("prefix") String prefix, @PathParam("count") int count,
                @PathParam("millis") long millis) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                tasks.work(prefix + "-" + i, millis);
                ids.add(prefix + "-" + i);
            }
            return String.join(",", ids);
        }
    }

    @ApplicationPath("api")
    public static class Api extends Application {
    }
}
