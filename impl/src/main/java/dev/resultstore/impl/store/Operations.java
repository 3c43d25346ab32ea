package dev.resultstore.impl.store;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;

import dev.resultstore.ResultSerializationException;
import dev.resultstore.StoreOperations;
import dev.resultstore.TaskFilter;
import dev.resultstore.TaskSummary;
import dev.resultstore.impl.cleanup.Cleanup;
import dev.resultstore.impl.codec.Envelope;
import dev.resultstore.spi.StoredObject;

/** {@link StoreOperations} of one store: listing by filter, and cleanup with progress. */
final class Operations implements StoreOperations {

    private final Results results;
    private final Cleanup cleanup;
    private final String description;

    Operations(Results results, Cleanup cleanup, String description) {
        this.results = results;
        this.cleanup = cleanup;
        this.description = description;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Stream<TaskSummary> list(TaskFilter filter) {
        String prefix = results.keyPrefix();
        Instant cutoff = filter.olderThan() == null ? null : results.clock().instant().minus(filter.olderThan());
        Stream<StoredObject> objects = results.storage().list(prefix + filter.idPrefix());
        Stream<TaskSummary> summaries = objects
                .filter(object -> Cleanup.isTaskKey(prefix, object.key()))
                .filter(object -> cutoff == null || object.lastModified().isBefore(cutoff))
                .map(object -> summary(object, filter.readStates()));
        return filter.states() == null ? summaries
                : summaries.filter(summary -> summary.state() != null && filter.states().contains(summary.state()));
    }

    private TaskSummary summary(StoredObject object, boolean readState) {
        String taskId = object.key().substring(results.keyPrefix().length());
        if (!readState) {
            return new TaskSummary(taskId, null, null, object.lastModified(), object.size());
        }
        try {
            Envelope stored = results.envelope(taskId, Set.of(Envelope.Field.DATE_DONE));
            return new TaskSummary(taskId, stored.exists() ? stored.state() : null, stored.dateDone(),
                    object.lastModified(), object.size());
        } catch (ResultSerializationException | DateTimeException e) {
            // listed as unreadable rather than ending the listing
            return new TaskSummary(taskId, null, null, object.lastModified(), object.size());
        }
    }

    @Override
    public int cleanup(CleanupListener listener) {
        return cleanup.run(listener);
    }
}
