package dev.resultstore;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link StoreOperations#list} returns: every task by default, narrowed by state, age and
 * id prefix. Immutable; each {@code with…} method returns a new filter.
 *
 * <pre>{@code
 * TaskFilter.all().withStates(TaskState.FAILURE, TaskState.REVOKED).withOlderThan(Duration.ofHours(1))
 * }</pre>
 */
public final class TaskFilter {

    private static final TaskFilter ALL = new TaskFilter(null, null, "", true);

    private final Set<TaskState> states;
    private final Duration olderThan;
    private final String idPrefix;
    private final boolean readStates;

    private TaskFilter(Set<TaskState> states, Duration olderThan, String idPrefix, boolean readStates) {
        this.states = states;
        this.olderThan = olderThan;
        this.idPrefix = idPrefix;
        this.readStates = readStates;
    }

    /** Every stored task, with its state read from its document. */
    public static TaskFilter all() {
        return ALL;
    }

    /** Only tasks in one of {@code states}. */
    public TaskFilter withStates(TaskState... states) {
        if (states.length == 0) {
            throw new IllegalArgumentException("Give at least one state");
        }
        EnumSet<TaskState> set = EnumSet.noneOf(TaskState.class);
        for (TaskState state : states) {
            set.add(Objects.requireNonNull(state, "state"));
        }
        return new TaskFilter(Set.copyOf(set), olderThan, idPrefix, true);
    }

    /** Only tasks whose document was last written more than {@code age} ago. */
    public TaskFilter withOlderThan(Duration age) {
        if (age.isNegative()) {
            throw new IllegalArgumentException("The age must not be negative: " + age);
        }
        return new TaskFilter(states, age, idPrefix, readStates);
    }

    /** Only tasks whose id starts with {@code prefix} (listed by the storage, not filtered after reading). */
    public TaskFilter withIdPrefix(String prefix) {
        return new TaskFilter(states, olderThan, Objects.requireNonNull(prefix, "prefix"), readStates);
    }

    /**
     * Lists ids, sizes and times only, without reading any document (fast on large stores);
     * states are then {@code null}. Cannot be combined with {@link #withStates}.
     */
    public TaskFilter withoutStates() {
        if (states != null) {
            throw new IllegalStateException("A filter by state needs the states read");
        }
        return new TaskFilter(null, olderThan, idPrefix, false);
    }

    /** The states to keep, or {@code null} for all. */
    public Set<TaskState> states() {
        return states;
    }

    /** The minimum age, or {@code null}. */
    public Duration olderThan() {
        return olderThan;
    }

    public String idPrefix() {
        return idPrefix;
    }

    /** Whether each task's document is read for its state. */
    public boolean readStates() {
        return readStates;
    }

    @Override
    public String toString() {
        return "TaskFilter[states=" + (states == null ? "all" : states) + ", olderThan=" + olderThan
                + ", idPrefix='" + idPrefix + "']";
    }
}
