package dev.resultstore;

import java.time.Instant;

/**
 * One stored task, as {@link StoreOperations#list} sees it.
 *
 * @param taskId       the task's id
 * @param state        the stored state, or {@code null} when the document cannot be read (or was not read: see {@link TaskFilter#readStates})
 * @param dateDone     when it became ready, or {@code null}
 * @param lastModified when the storage last wrote it
 * @param size         the stored document's size in bytes
 */
public record TaskSummary(String taskId, TaskState state, Instant dateDone, Instant lastModified, long size) {
}
