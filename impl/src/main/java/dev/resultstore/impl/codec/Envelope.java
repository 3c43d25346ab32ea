package dev.resultstore.impl.codec;

import java.time.Instant;
import java.util.Set;

import dev.resultstore.TaskState;

/**
 * What a stored document says about its task besides the result value: read from the start of
 * the document up to the last field asked for, so that answering a state never loads the result.
 *
 * @param key          the storage key the document was read from
 * @param taskId       the task's id
 * @param exists       whether a document was found
 * @param state        the stored state (PENDING when nothing is stored)
 * @param stateName    the status as stored: a custom state's own name (e.g. {@code PROGRESS}, read as STARTED)
 * @param dateDoneText {@code date_done} as stored, or {@code null} (also when not asked for)
 * @param storedTaskId the document's own {@code task_id}, or {@code null} (also when not asked for)
 * @param owner        {@code resultstore_owner}, or {@code null} (also when not asked for)
 * @param fields       the fields that were asked for: the others were not looked at
 * @param whole        the whole document, when it was small enough to be read whole; else {@code null}
 */
public record Envelope(String key, String taskId, boolean exists, TaskState state, String stateName, String dateDoneText,
        String storedTaskId, String owner, Set<Field> fields, StoredResult whole) {

    /** A field of the envelope besides {@code status}, which is always read. */
    public enum Field {
        DATE_DONE, TASK_ID, OWNER
    }

    public static Envelope missing(String key, String taskId) {
        return new Envelope(key, taskId, false, TaskState.PENDING, TaskState.PENDING.name(), null, null, null,
                Set.of(Field.values()), null);
    }

    /** The envelope of a document read whole. */
    public static Envelope of(StoredResult stored) {
        return new Envelope(stored.key(), stored.taskId(), stored.exists(), stored.state(), stored.stateName(),
                stored.dateDoneText(), stored.storedTaskId(), stored.owner(), Set.of(Field.values()), stored);
    }

    /** When the task became ready, or {@code null}. */
    public Instant dateDone() {
        return CeleryDates.read(dateDoneText);
    }

    /** Whether this envelope holds every field of {@code wanted}. */
    public boolean has(Set<Field> wanted) {
        return fields.containsAll(wanted);
    }
}
