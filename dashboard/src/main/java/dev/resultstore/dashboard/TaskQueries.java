package dev.resultstore.dashboard;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.resultstore.ResultBackend;
import dev.resultstore.TaskFailure;
import dev.resultstore.TaskFilter;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskState;
import dev.resultstore.TaskSummary;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;

/**
 * The dashboard's read-only queries on one store, answered as JSON. Listing pages through the
 * store's lazy stream: the cursor is the number of matching tasks already shown (an offset in the
 * storage's listing order), so a page reads at most cursor + limit + 1 entries and never the whole
 * store; a task stored meanwhile may shift the pages by one, as with any offset paging.
 */
final class TaskQueries {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final Jsonb jsonb;

    TaskQueries(Jsonb jsonb) {
        this.jsonb = jsonb;
    }

    /**
     * One page of tasks. {@code parameters}: {@code state} (comma-separated states), {@code olderThan}
     * (ISO-8601 duration), {@code id} (id prefix), {@code limit}, {@code cursor}; each optional.
     */
    JsonObject list(String store, ResultBackend backend, Map<String, String> parameters) {
        TaskFilter filter = filter(parameters);
        int limit = number(parameters, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int cursor = number(parameters, "cursor", 0, 0, Integer.MAX_VALUE);
        JsonArrayBuilder tasks = Json.createArrayBuilder();
        boolean more = false;
        try (Stream<TaskSummary> listing = backend.operations().list(filter)) {
            Iterator<TaskSummary> page = listing.skip(cursor).limit(limit + 1L).iterator();
            for (int shown = 0; page.hasNext(); shown++) {
                TaskSummary task = page.next();
                if (shown == limit) {
                    more = true;
                    break;
                }
                tasks.add(summary(task));
            }
        }
        JsonObjectBuilder answer = Json.createObjectBuilder().add("store", store).add("tasks", tasks);
        if (more) {
            answer.add("cursor", String.valueOf(cursor + limit));
        } else {
            answer.addNull("cursor");
        }
        return answer.build();
    }

    /** One task's state, value, failure and dates; empty when nothing is stored under {@code taskId}. */
    Optional<JsonObject> task(ResultBackend backend, String taskId) {
        TaskResult<Object> result = backend.result(taskId);
        if (!result.exists()) {
            return Optional.empty();
        }
        JsonObjectBuilder task = Json.createObjectBuilder()
                .add("taskId", taskId)
                .add("state", result.state().name());
        date(task, "dateDone", result.dateDone().orElse(null));
        task.add("value", result.value().map(this::json).orElse(JsonValue.NULL));
        Optional<TaskFailure> failure = result.failure();
        if (failure.isPresent()) {
            TaskFailure error = failure.get();
            task.add("failure", Json.createObjectBuilder()
                    .add("type", text(error.type()))
                    .add("module", text(error.module()))
                    .add("message", text(error.message()))
                    .add("traceback", text(error.traceback())));
        } else {
            task.addNull("failure");
        }
        return Optional.of(task.build());
    }

    private static TaskFilter filter(Map<String, String> parameters) {
        TaskFilter filter = TaskFilter.all();
        String states = parameters.getOrDefault("state", "").trim();
        if (!states.isEmpty()) {
            filter = filter.withStates(Arrays.stream(states.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(TaskQueries::state).toArray(TaskState[]::new));
        }
        String olderThan = parameters.getOrDefault("olderThan", "").trim();
        if (!olderThan.isEmpty()) {
            try {
                filter = filter.withOlderThan(Duration.parse(olderThan));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new BadQueryException("olderThan must be a positive ISO-8601 duration such as PT1H or P7D, not '"
                        + olderThan + "'");
            }
        }
        String idPrefix = parameters.getOrDefault("id", "").trim();
        return idPrefix.isEmpty() ? filter : filter.withIdPrefix(idPrefix);
    }

    private static TaskState state(String name) {
        try {
            return TaskState.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadQueryException("state must be one or more of " + Arrays.stream(TaskState.values())
                    .map(Enum::name).collect(Collectors.joining(", ")) + " separated by commas, not '" + name + "'");
        }
    }

    private static int number(Map<String, String> parameters, String name, int absent, int min, int max) {
        String value = parameters.getOrDefault(name, "").trim();
        if (value.isEmpty()) {
            return absent;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadQueryException(name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }

    private static JsonObject summary(TaskSummary task) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("taskId", task.taskId());
        if (task.state() == null) {
            json.addNull("state");
        } else {
            json.add("state", task.state().name());
        }
        date(json, "dateDone", task.dateDone());
        date(json, "lastModified", task.lastModified());
        return json.add("size", task.size()).build();
    }

    private static void date(JsonObjectBuilder json, String name, Instant date) {
        if (date == null) {
            json.addNull(name);
        } else {
            json.add(name, date.toString());
        }
    }

    private static JsonValue text(String text) {
        return text == null ? JsonValue.NULL : Json.createValue(text);
    }

    // The value as the JSON it was stored as (JSON-B writes what it read back).
    private JsonValue json(Object value) {
        try (JsonReader reader = Json.createReader(new StringReader(jsonb.toJson(value)))) {
            return reader.readValue();
        }
    }
}
