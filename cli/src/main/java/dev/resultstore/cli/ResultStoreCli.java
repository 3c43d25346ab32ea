package dev.resultstore.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStoreConfigurationException;
import dev.resultstore.ResultStoreException;
import dev.resultstore.ResultStores;
import dev.resultstore.TaskFailure;
import dev.resultstore.TaskFilter;
import dev.resultstore.TaskResult;
import dev.resultstore.TaskState;
import dev.resultstore.TaskSummary;
import dev.resultstore.impl.config.ConfigReader;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.Config;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code resultstore}: look at, forget and clean up the results of a store from a shell, with
 * the same {@code resultstore.*} keys as the application, read the way a server reads them
 * (SmallRye Config: expressions, environment variables, profiles). Long runs report progress on stderr.
 */
@Command(name = "resultstore", mixinStandardHelpOptions = true, version = "resultstore 0.1.0",
        description = "Inspect and clean up a ResultStore (Celery-compatible task results).",
        subcommands = {ResultStoreCli.Status.class, ResultStoreCli.Get.class, ResultStoreCli.ListResults.class,
            ResultStoreCli.Cleanup.class, ResultStoreCli.Forget.class})
public final class ResultStoreCli {

    /** Exit code when a task is unknown, failed or not ready. */
    static final int NOT_SUCCESSFUL = 1;
    /** Exit code for a wrong command line: unknown option, missing or invalid argument, invalid task id. */
    static final int USAGE = CommandLine.ExitCode.USAGE;
    /** Exit code for bad configuration or unreachable storage. */
    static final int STORE_ERROR = 3;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "A properties file with resultstore.* keys (e.g. the application's microprofile-config.properties),"
                    + " read as a MicroProfile Config source below system properties and environment variables.")
    Path configFile;

    @Option(names = "-D", paramLabel = "KEY=VALUE",
            description = "A configuration key; overrides every other source.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = {"-p", "--profile"}, paramLabel = "PROFILE",
            description = "A configuration profile: %%PROFILE.resultstore.* keys win (as mp.config.profile does).")
    String profile;

    @Option(names = {"-s", "--store"}, paramLabel = "NAME", defaultValue = "",
            description = "A named store (resultstore.<NAME>.*); the default store when absent.")
    String store;

    @Option(names = "--progress-every", paramLabel = "N", defaultValue = "1000", hidden = true,
            description = "Report progress every N results.")
    int progressEvery;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ResultStoreCli());
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println(line.getColorScheme().errorText(String.valueOf(e.getMessage())));
            // An IllegalArgumentException is the library refusing an argument, such as a task id.
            return e instanceof IllegalArgumentException ? USAGE : STORE_ERROR;
        });
        return commandLine;
    }

    /** The configuration as a server would read it, with the file and the -D keys as extra sources. */
    Config configuration() throws IOException {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .addSystemSources()
                .withSources(new PropertiesConfigSource(overrides, "resultstore -D options", 500));
        if (configFile != null) {
            if (!Files.isRegularFile(configFile) || !Files.isReadable(configFile)) {
                throw new ParameterException(spec.commandLine(), "Cannot read the configuration file " + configFile);
            }
            builder.withSources(new PropertiesConfigSource(configFile.toUri().toURL(), 100));
        }
        if (profile != null) {
            builder.withProfile(profile);
        }
        return builder.build();
    }

    ResultBackend open() throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, String> properties = ConfigReader.read(configuration(), Set.of(store), classLoader(), problems);
        if (!problems.isEmpty()) {
            throw new ResultStoreConfigurationException(problems);
        }
        return ResultStores.create(store, properties);
    }

    private static ClassLoader classLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : ResultStoreCli.class.getClassLoader();
    }

    /** One line of JSON: {@code {"id": …, "state": …, …}}. */
    static JsonObjectBuilder json(String taskId, TaskState state, Instant dateDone) {
        JsonObjectBuilder object = Json.createObjectBuilder().add("id", taskId)
                .add("state", state == null ? JsonValue.NULL : Json.createValue(state.name()));
        object.add("dateDone", dateDone == null ? JsonValue.NULL : Json.createValue(dateDone.toString()));
        return object;
    }

    static JsonObjectBuilder json(TaskFailure failure) {
        JsonObjectBuilder object = Json.createObjectBuilder().add("type", failure.qualifiedType());
        object.add("message", failure.message() == null ? JsonValue.NULL : Json.createValue(failure.message()));
        object.add("traceback", failure.traceback() == null ? JsonValue.NULL : Json.createValue(failure.traceback()));
        return object;
    }

    /** Prints "N results…" at most every {@code every} results, so that long runs show they are alive. */
    static final class Progress {
        private final PrintWriter err;
        private final int every;
        private final long started = System.nanoTime();

        Progress(PrintWriter err, int every) {
            this.err = err;
            this.every = Math.max(every, 1);
        }

        boolean due(long count) {
            return count > 0 && count % every == 0;
        }

        void report(String what) {
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            err.printf("  ... %s (%d s)%n", what, seconds);
            err.flush();
        }
    }

    @Command(name = "status", description = "Print the state of tasks.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        ResultStoreCli cli;

        @Parameters(arity = "1..*", paramLabel = "TASK_ID")
        List<String> taskIds;

        @Option(names = "--json", description = "One JSON object per task and line: id, state, exists, dateDone, failure.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = cli.spec.commandLine().getOut();
            boolean allSuccessful = true;
            try (ResultBackend results = cli.open()) {
                for (String id : taskIds) {
                    TaskResult<Object> result = results.result(id);
                    TaskState state = result.state();
                    allSuccessful &= state == TaskState.SUCCESS;
                    if (json) {
                        JsonObjectBuilder object = json(id, state, result.dateDone().orElse(null)).add("exists", result.exists());
                        result.failure().ifPresent(failure -> object.add("failure", json(failure)));
                        out.println(object.build());
                        continue;
                    }
                    StringBuilder line = new StringBuilder(id).append('\t').append(state);
                    result.dateDone().ifPresent(done -> line.append('\t').append(done));
                    if (!result.exists()) {
                        line.append("\t(nothing stored)");
                    }
                    result.failure().map(TaskFailure::toString).ifPresent(failure -> line.append('\t').append(failure));
                    out.println(line);
                }
            }
            return allSuccessful ? 0 : NOT_SUCCESSFUL;
        }
    }

    @Command(name = "get", description = "Print a successful task's value as JSON.")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        ResultStoreCli cli;

        @Parameters(paramLabel = "TASK_ID")
        String taskId;

        @Option(names = "--json", description = "Print one JSON object: id, state, dateDone and the result or the failure,"
                + " whatever the state.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            CommandLine line = cli.spec.commandLine();
            try (ResultBackend results = cli.open()) {
                TaskResult<JsonValue> result = results.result(taskId, JsonValue.class);
                TaskState state = result.state();
                if (json) {
                    JsonObjectBuilder object = json(taskId, state, result.dateDone().orElse(null));
                    if (state == TaskState.SUCCESS) {
                        object.add("result", result.value().orElse(JsonValue.NULL));
                    }
                    result.failure().ifPresent(failure -> object.add("failure", json(failure)));
                    line.getOut().println(object.build());
                    return state == TaskState.SUCCESS ? 0 : NOT_SUCCESSFUL;
                }
                if (state != TaskState.SUCCESS) {
                    line.getErr().println("Task " + taskId + " is " + state
                            + result.failure().map(f -> ": " + f).orElse(result.exists() ? "" : " (nothing stored)"));
                    return NOT_SUCCESSFUL;
                }
                line.getOut().println(result.value().map(JsonValue::toString).orElse("null"));
                return 0;
            }
        }
    }

    @Command(name = "list", description = "List the results of the store: id, state, date done.")
    static final class ListResults implements Callable<Integer> {
        @ParentCommand
        ResultStoreCli cli;

        @Option(names = "--state", paramLabel = "STATE", split = ",",
                description = "Only results in these states (${COMPLETION-CANDIDATES}); repeat or separate with commas.")
        List<TaskState> states;

        @Option(names = "--older-than", paramLabel = "DURATION",
                description = "Only results last written longer ago than this ISO-8601 duration, e.g. PT1H or P7D.")
        Duration olderThan;

        @Option(names = "--json", description = "One JSON object per result and line: id, state, dateDone.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = cli.spec.commandLine().getOut();
            Progress progress = new Progress(cli.spec.commandLine().getErr(), cli.progressEvery);
            TaskFilter filter = TaskFilter.all();
            if (states != null && !states.isEmpty()) {
                filter = filter.withStates(states.toArray(new TaskState[0]));
            }
            if (olderThan != null) {
                filter = filter.withOlderThan(olderThan);
            }
            long shown = 0;
            try (ResultBackend results = cli.open();
                 Stream<TaskSummary> tasks = results.operations().list(filter)) {
                Iterator<TaskSummary> iterator = tasks.iterator();
                while (iterator.hasNext()) {
                    TaskSummary task = iterator.next();
                    if (json) {
                        out.println(json(task.taskId(), task.state(), task.dateDone()).build());
                    } else {
                        out.println(task.taskId() + '\t' + (task.state() == null ? "UNREADABLE" : task.state()) + '\t'
                                + (task.dateDone() == null ? "-" : task.dateDone()));
                    }
                    shown++;
                    if (progress.due(shown)) {
                        out.flush();
                        progress.report(shown + " results listed");
                    }
                }
            }
            out.flush();
            cli.spec.commandLine().getErr().println(shown + " results listed");
            return 0;
        }
    }

    @Command(name = "cleanup", description = "Delete the results older than resultstore.expires, showing progress.")
    static final class Cleanup implements Callable<Integer> {
        @ParentCommand
        ResultStoreCli cli;

        @Override
        public Integer call() throws IOException {
            Progress progress = new Progress(cli.spec.commandLine().getErr(), 1);
            try (ResultBackend results = cli.open()) {
                int deleted = results.operations().cleanup((scanned, done, failed) ->
                        progress.report(scanned + " results scanned, " + done + " deleted, " + failed + " failed"));
                cli.spec.commandLine().getOut().println(deleted + " expired results deleted");
            }
            return 0;
        }
    }

    @Command(name = "forget", description = "Delete the results of tasks.")
    static final class Forget implements Callable<Integer> {
        @ParentCommand
        ResultStoreCli cli;

        @Parameters(arity = "1..*", paramLabel = "TASK_ID")
        List<String> taskIds;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = cli.spec.commandLine().getOut();
            try (ResultBackend results = cli.open()) {
                for (String id : taskIds) {
                    out.println(id + '\t' + (results.forget(id) ? "forgotten" : "nothing stored"));
                }
            }
            return 0;
        }
    }
}
