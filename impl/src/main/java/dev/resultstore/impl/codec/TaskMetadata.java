package dev.resultstore.impl.codec;

import java.time.Instant;

/**
 * Celery's extended fields ({@code resultstore.extended=true}).
 *
 * @param name        the task name, e.g. {@code com.example.Reports#generate}
 * @param argsJson    the positional arguments as a JSON array
 * @param kwargsJson  the named arguments as a JSON object
 * @param worker      the node that ran the task
 * @param retries     how many times it was retried
 * @param queue       the executor it ran on, or {@code null}
 * @param dateStarted when it started, or {@code null}
 */
public record TaskMetadata(String name, String argsJson, String kwargsJson, String worker, int retries, String queue,
        Instant dateStarted) {

    /** The same metadata, started at {@code started}. */
    public TaskMetadata startedAt(Instant started) {
        return new TaskMetadata(name, argsJson, kwargsJson, worker, retries, queue, started);
    }
}
