package dev.resultstore.it;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Uses the store named "remote": the extension creates a bean for it, and the health checks see it. */
@ApplicationScoped
public class RemoteUser {

    @Inject
    @ResultStore("remote")
    ResultBackend remote;
}
