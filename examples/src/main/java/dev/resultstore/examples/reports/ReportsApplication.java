package dev.resultstore.examples.reports;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Jakarta REST at the WAR's root: {@code /reports/tasks}. */
@ApplicationPath("/")
public class ReportsApplication extends Application {
}
