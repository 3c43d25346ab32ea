package dev.resultstore.benchmarks.deployment.app.with;

import dev.resultstore.StoreResult;
import dev.resultstore.TaskId;
import jakarta.enterprise.context.ApplicationScoped;

/** The task: its result is stored under the id the caller chose. */
@ApplicationScoped
public class Work {

    @StoreResult(name = "compute")
    public String compute(@TaskId String id) {
        return "done";
    }
}
