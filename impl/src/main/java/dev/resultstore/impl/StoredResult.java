package dev.resultstore.impl;

import java.time.Instant;

import dev.resultstore.TaskFailure;
import dev.resultstore.TaskState;
import jakarta.json.JsonValue;

/**
 * One decoded result document (or the absence of one). The result value stays JSON until a
 * caller asks for it as a type.
 *
 * @param key      the storage key the document was read from
 * @param taskId   the task's id
 * @param state    the stored state (PENDING when nothing is stored)
 * @param exists   whether a document was found
 * @param result   the {@code result} field, {@link JsonValue#NULL} when absent
 * @param failure  the failure, on FAILURE
 * @param dateDone when the task became ready, or {@code null}
 */
record StoredResult(String key, String taskId, TaskState state, boolean exists, JsonValue result, TaskFailure failure,
        Instant dateDone) {

    static StoredResult missing(String key, String taskId) {
        return new StoredResult(key, taskId, TaskState.PENDING, false, JsonValue.NULL, null, null);
    }
}
