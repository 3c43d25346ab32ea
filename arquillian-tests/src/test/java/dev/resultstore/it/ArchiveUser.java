package dev.resultstore.it;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Uses the store named "archive": the extension creates a bean for it, and the health checks see it. */
@ApplicationScoped
public class ArchiveUser {

    @Inject
    @ResultStore("archive")
    ResultBackend archive;
}
