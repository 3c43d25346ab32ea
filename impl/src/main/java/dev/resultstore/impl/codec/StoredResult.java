package dev.resultstore.impl.codec;

import java.time.Instant;

import dev.resultstore.TaskFailure;
import dev.resultstore.TaskState;
/**
 * One decoded result document (or the absence of one). The result value stays as the bytes of
 * the document until a caller asks for it as a type.
 *
 * @param key         the storage key the document was read from
 * @param taskId      the task's id
 * @param state       the stored state (PENDING when nothing is stored)
 * @param exists      whether a document was found
 * @param document    the stored bytes ({@code null} when nothing is stored)
 * @param resultStart where the {@code result} value starts in {@code document}; -1 when there is none
 * @param resultEnd   where it ends (exclusive)
 * @param failure     the failure, on FAILURE
 * @param dateDoneText {@code date_done} as stored, or {@code null}; parsed only when asked for
 * @param owner       who wrote a non-ready state: {@code <node>/<instance>} ({@code resultstore_owner}), or {@code null}
 * @param stateName   the status as stored: a custom state's own name (e.g. {@code PROGRESS}, read as STARTED)
 * @param taskIdStart where the document's own {@code task_id} value starts; -1 when there is none
 * @param taskIdEnd   where it ends (exclusive); read only when asked for ({@link #storedTaskId})
 */
public record StoredResult(String key, String taskId, TaskState state, boolean exists, byte[] document, int resultStart,
        int resultEnd, TaskFailure failure, String dateDoneText, String owner, String stateName, int taskIdStart,
        int taskIdEnd) {

    public static StoredResult missing(String key, String taskId) {
        return new StoredResult(key, taskId, TaskState.PENDING, false, null, -1, 0, null, null, null, TaskState.PENDING.name(),
                -1, 0);
    }

    /** Whether the stored status is a custom state (not one of Celery's built-in ones). */
    public boolean custom() {
        return exists && !state.name().equals(stateName);
    }

    /** When the task became ready, or {@code null}. */
    public Instant dateDone() {
        return CeleryDates.read(dateDoneText);
    }

    /** The document's own {@code task_id} when it is a string, else {@code null}. */
    public String storedTaskId() {
        return taskIdStart < 0 || document[taskIdStart] != '"' ? null : DocumentScanner.string(document, taskIdStart, taskIdEnd);
    }

    /** Whether there is no result value (absent, or JSON null). */
    public boolean resultIsNull() {
        return resultStart < 0 || DocumentScanner.isNull(document, resultStart, resultEnd);
    }
}
