package dev.resultstore.benchmarks.deployment.app.without;

import jakarta.enterprise.context.ApplicationScoped;

/** The task, without ResultStore: the id is only passed along. */
@ApplicationScoped
public class Work {

    public String compute(String id) {
        return "done";
    }
}
