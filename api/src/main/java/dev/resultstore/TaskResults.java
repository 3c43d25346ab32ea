package dev.resultstore;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.CompletionStage;

/**
 * Finds the task id of a {@code CompletionStage} returned by a {@link StoreResult} method, so
 * that a caller can learn a generated id at once:
 *
 * <pre>{@code
 * CompletableFuture<Report> report = reports.generate(request);   // @Asynchronous @StoreResult
 * String id = TaskResults.taskId(report);
 * }</pre>
 */
public final class TaskResults {

    // Weak keys: the registry never keeps a finished stage alive. Identity matters, and
    // CompletableFuture does not override equals/hashCode, so WeakHashMap compares identities.
    private static final Map<CompletionStage<?>, String> IDS = Collections.synchronizedMap(new WeakHashMap<>());

    private TaskResults() {
    }

    /**
     * The task id of a stage returned by a {@link StoreResult} method.
     *
     * @throws IllegalArgumentException when the stage did not come from a {@link StoreResult} method
     */
    public static String taskId(CompletionStage<?> stage) {
        return findTaskId(stage).orElseThrow(() -> new IllegalArgumentException(
                "This CompletionStage was not returned by a @StoreResult method, so it has no task id"));
    }

    /** The task id of a stage returned by a {@link StoreResult} method, if it was one. */
    public static Optional<String> findTaskId(CompletionStage<?> stage) {
        return Optional.ofNullable(IDS.get(stage));
    }

    /**
     * Links a stage to its task id. Called by the {@link StoreResult} interceptor; not for
     * application code.
     */
    public static <S extends CompletionStage<?>> S register(S stage, String taskId) {
        if (stage != null) {
            IDS.put(stage, taskId);
        }
        return stage;
    }
}
