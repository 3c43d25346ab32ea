package dev.resultstore.benchmarks.deployment.app.with;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Jakarta REST at the WAR's root. */
@ApplicationPath("/")
public class TasksApplication extends Application {
}
