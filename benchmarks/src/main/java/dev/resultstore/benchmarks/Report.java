package dev.resultstore.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Reads JMH's JSON results and prints one line per pair: a ResultStore benchmark method
 * {@code x} beside its baseline {@code rawX} of the same class and parameters, the ratio of their
 * times, and the {@link Goal} of {@code x} with whether it is met.
 *
 * <p>Usage: {@code Report <jmh-result.json> [<table.md> [<directory>]]}; the Markdown table is also
 * written to the second file when given. With the head-to-head results of peers.sh in the directory
 * ({@code resultstore-peer-*.json}, {@code celery-peer-*.json}), ResultStore is also compared with
 * Celery's own file backend.
 */
public final class Report {

    /** One benchmark's figure; {@code allocated} is bytes allocated per operation (JMH's {@code -prof gc}), NaN without it. */
    private record Score(String name, String mode, double score, double error, JsonObject percentiles, double allocated) {

        String text() {
            return Double.isNaN(error) ? format(score) : format(score) + " ± " + format(error);
        }

        String allocatedText() {
            return Double.isNaN(allocated) ? "—" : format(allocated);
        }
    }

    private record Pair(String label, Score ours, Score baseline, Goal goal) {

        double ratio() {
            return ours.score / baseline.score;
        }

        String goalText() {
            if (goal == null) {
                return "—";
            }
            List<String> parts = new ArrayList<>();
            if (goal.maxRatio() > 0) {
                parts.add("ratio ≤ " + format(goal.maxRatio()));
            }
            if (goal.maxOverheadMicros() > 0) {
                parts.add("overhead < " + format(goal.maxOverheadMicros()) + " µs");
            }
            if (goal.maxMicros() > 0) {
                parts.add("< " + format(goal.maxMicros()) + " µs");
            }
            if (goal.maxExtraBytesPerOp() >= 0) {
                parts.add("alloc ≤ +" + format(goal.maxExtraBytesPerOp()) + " B/op");
            }
            return String.join(", ", parts);
        }

        String verdict() {
            if (goal == null) {
                return "";
            }
            boolean met = (goal.maxRatio() <= 0 || ratio() <= goal.maxRatio())
                    && (goal.maxOverheadMicros() <= 0 || ours.score - baseline.score < goal.maxOverheadMicros())
                    && (goal.maxMicros() <= 0 || ours.score < goal.maxMicros())
                    && (goal.maxExtraBytesPerOp() < 0 || !(ours.allocated - baseline.allocated > goal.maxExtraBytesPerOp()));
            String verdict = met ? "met" : "MISSED";
            if (goal.maxExtraBytesPerOp() >= 0 && (Double.isNaN(ours.allocated) || Double.isNaN(baseline.allocated))) {
                verdict += " (allocation not measured: -prof gc)";
            }
            return verdict;
        }

        String notes() {
            if (ours.percentiles == null || baseline.percentiles == null) {
                return "";
            }
            return "p50/p99: " + percentile(ours, "50.0") + "/" + percentile(ours, "99.0") + " vs "
                    + percentile(baseline, "50.0") + "/" + percentile(baseline, "99.0") + " µs";
        }
    }

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: Report <jmh-result.json> [<table.md>]");
            System.exit(2);
        }
        JsonArray results;
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            results = Json.createReader(in).readArray();
        }
        List<Pair> pairs = pairs(results);
        String machine = machine(results);
        StringBuilder table = new StringBuilder()
                .append("Run on ").append(LocalDate.now()).append(": ").append(machine).append("\n\n")
                .append("| Pair | ResultStore (µs/op) | Baseline (µs/op) | Ratio | Difference (µs) | Allocated B/op (ResultStore / baseline) | Goal | Met | Notes |\n")
                .append("|---|---:|---:|---:|---:|---:|---|---|---|\n");
        for (Pair pair : pairs) {
            table.append("| ").append(pair.label).append(" | ").append(pair.ours.text()).append(" | ")
                    .append(pair.baseline.text()).append(" | ").append(format(pair.ratio())).append("× | ")
                    .append(format(pair.ours.score - pair.baseline.score)).append(" | ")
                    .append(pair.ours.allocatedText()).append(" / ").append(pair.baseline.allocatedText()).append(" | ").append(pair.goalText()).append(" | ").append(pair.verdict()).append(" | ")
                    .append(pair.notes()).append(" |\n");
        }

        System.out.println();
        System.out.println("ResultStore beside its baselines — " + LocalDate.now() + ", " + machine);
        String line = "%-26s %22s %22s %9s %10s %22s  %-20s %s%n";
        System.out.printf(line, "pair", "ResultStore µs/op", "baseline µs/op", "ratio", "diff µs", "alloc B/op (RS/raw)", "goal", "");
        for (Pair pair : pairs) {
            System.out.printf(line, pair.label, pair.ours.text(), pair.baseline.text(), format(pair.ratio()) + "×",
                    format(pair.ours.score - pair.baseline.score), pair.ours.allocatedText() + " / " + pair.baseline.allocatedText(),
                    pair.goalText(), pair.verdict());
        }
        if (args.length > 2 && Files.exists(Path.of(args[2]))) {
            celery(pairs, Path.of(args[2]), table);
        }
        // Written beside JMH's results by DeploymentOverhead, which the benchmarks profile runs after JMH.
        Path deployment = Path.of(args[0]).toAbsolutePath().resolveSibling("deployment-overhead.json");
        if (Files.exists(deployment)) {
            dev.resultstore.benchmarks.deployment.DeploymentReport.print(deployment, table);
        }
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), table);
            System.out.println("\nMarkdown table: " + args[1]);
        }
    }

    /**
     * ResultStore beside Celery's file backend, both measured alike by peers.sh (PeerRun and
     * celery-peer.py, run alternately): the best of the runs of each side, their ratio, and
     * ResultStore / raw from the JMH pair of the same operation where one ran.
     */
    private static void celery(List<Pair> pairs, Path directory, StringBuilder table) throws IOException {
        Map<String, Double> ours = best(directory, "resultstore-peer-");
        Map<String, Double> theirs = best(directory, "celery-peer-");
        if (ours.isEmpty() || theirs.isEmpty()) {
            return;
        }
        String about = "ResultStore and Celery's file:// backend, measured alike and alternately (peers.sh), best of "
                + runs(directory, "resultstore-peer-") + " runs each";
        table.append("\n").append(about).append("\n\n| Operation | ResultStore (µs/op) | Celery (µs/op) | ResultStore / Celery | ResultStore / raw (JMH) |\n")
                .append("|---|---:|---:|---:|---:|\n");
        System.out.println();
        System.out.println(about);
        String line = "%-22s %14s %14s %16s %14s  %s%n";
        System.out.printf(line, "operation", "ResultStore", "Celery", "RS / Celery", "RS / raw", "");
        for (Map.Entry<String, Double> entry : theirs.entrySet()) {
            String operation = entry.getKey();
            Double mine = ours.get(operation);
            if (mine == null) {
                continue;
            }
            double ratio = mine / entry.getValue();
            String[] words = operation.split(" ");
            String method = words[1].equals("map") ? words[0] + "Map" : words[0];
            String raw = pairs.stream().filter(pair -> pair.label.equals("FileSystem " + method + " " + words[2])).findFirst()
                    .map(pair -> format(pair.ratio()) + "×").orElse("—");
            String label = operation.replace("report", "record");
            System.out.printf(line, label, format(mine), format(entry.getValue()), format(ratio) + "×", raw, ratio < 1 ? "faster" : "SLOWER");
            table.append("| ").append(label).append(" | ").append(format(mine)).append(" | ").append(format(entry.getValue()))
                    .append(" | ").append(format(ratio)).append("× | ").append(raw).append(" |\n");
        }
    }

    /** The lowest figure of each operation over the peer's result files {@code <prefix>*.json}. */
    private static Map<String, Double> best(Path directory, String prefix) throws IOException {
        Map<String, Double> best = new LinkedHashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, prefix + "*.json")) {
            for (Path file : files) {
                JsonObject run;
                try (Reader in = Files.newBufferedReader(file)) {
                    run = Json.createReader(in).readObject();
                }
                run.forEach((operation, value) -> {
                    if (value instanceof JsonNumber number) {
                        best.merge(operation, number.doubleValue(), Math::min);
                    }
                });
            }
        }
        return best;
    }

    private static long runs(Path directory, String prefix) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, prefix + "*.json")) {
            return java.util.stream.StreamSupport.stream(files.spliterator(), false).count();
        }
    }

    private static List<Pair> pairs(JsonArray results) {
        Map<String, Score> byKey = new LinkedHashMap<>();
        for (JsonValue value : results) {
            JsonObject result = value.asJsonObject();
            String benchmark = result.getString("benchmark");
            int dot = benchmark.lastIndexOf('.');
            JsonObject metric = result.getJsonObject("primaryMetric");
            if (!metric.getString("scoreUnit").equals("us/op")) {
                throw new IllegalStateException(benchmark + " is in " + metric.getString("scoreUnit") + ", not us/op");
            }
            byKey.put(key(benchmark.substring(0, dot), benchmark.substring(dot + 1), params(result)),
                    new Score(benchmark, result.getString("mode"), number(metric.get("score")),
                            number(metric.get("scoreError")),
                            result.getString("mode").equals("sample") ? metric.getJsonObject("scorePercentiles") : null,
                            allocated(result)));
        }
        List<Pair> pairs = new ArrayList<>();
        for (JsonValue value : results) {
            JsonObject result = value.asJsonObject();
            String benchmark = result.getString("benchmark");
            int dot = benchmark.lastIndexOf('.');
            String type = benchmark.substring(0, dot);
            String method = benchmark.substring(dot + 1);
            if (method.startsWith("raw")) {
                continue;
            }
            String params = params(result);
            Score baseline = byKey.get(key(type, baseline(type, method), params));
            if (baseline == null) {
                System.err.println("No baseline ran for " + benchmark + " " + params);
                continue;
            }
            String simpleType = type.substring(type.lastIndexOf('.') + 1).replace("Benchmark", "");
            String label = (simpleType + " " + method + " " + params).trim();
            pairs.add(new Pair(label, byKey.get(key(type, method, params)), baseline, goal(type, method).orElse(null)));
        }
        return pairs;
    }

    private static double allocated(JsonObject result) {
        JsonObject secondary = result.getJsonObject("secondaryMetrics");
        JsonObject norm = secondary == null ? null : secondary.getJsonObject("gc.alloc.rate.norm");
        return norm == null ? Double.NaN : number(norm.get("score"));
    }

    /** The {@link Baseline} the method names, else {@code raw<Method>}. */
    private static String baseline(String type, String method) {
        String raw = "raw" + Character.toUpperCase(method.charAt(0)) + method.substring(1);
        try {
            return Stream.of(Class.forName(type).getMethods())
                    .filter(candidate -> candidate.getName().equals(method))
                    .map(candidate -> candidate.getAnnotation(Baseline.class))
                    .filter(java.util.Objects::nonNull)
                    .map(Baseline::value)
                    .findFirst().orElse(raw);
        } catch (ClassNotFoundException e) {
            return raw;
        }
    }

    private static String key(String type, String method, String params) {
        return type + "#" + method + "#" + params;
    }

    private static String params(JsonObject result) {
        JsonObject params = result.getJsonObject("params");
        if (params == null) {
            return "";
        }
        return params.entrySet().stream()
                .map(entry -> entry.getValue() instanceof jakarta.json.JsonString text ? text.getString() : entry.getValue().toString())
                .collect(Collectors.joining(" "));
    }

    private static Optional<Goal> goal(String type, String method) {
        try {
            return Stream.of(Class.forName(type).getMethods())
                    .filter(candidate -> candidate.getName().equals(method))
                    .map(candidate -> candidate.getAnnotation(Goal.class))
                    .filter(java.util.Objects::nonNull)
                    .findFirst();
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    private static String machine(JsonArray results) {
        String cpu = "unknown CPU";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException | RuntimeException notLinux) {
            // keep "unknown CPU"
        }
        String jdk = results.isEmpty() ? System.getProperty("java.version")
                : results.getJsonObject(0).getString("jdkVersion", "?") + " (" + results.getJsonObject(0).getString("vmName", "?") + ")";
        String load = "";
        try {
            // The 15-minute average at the end covers about the whole run: other work on the machine shows here.
            String[] averages = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            load = ", load average " + averages[0] + " / " + averages[1] + " / " + averages[2] + " (1 / 5 / 15 min, at the end)";
        } catch (IOException | RuntimeException notLinux) {
            // no load figures
        }
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), " + System.getProperty("os.name")
                + " " + System.getProperty("os.version") + ", JDK " + jdk + load;
    }

    private static double number(JsonValue value) {
        if (value instanceof JsonNumber number) {
            return number.doubleValue();
        }
        return Double.NaN; // JMH writes "NaN" as a string when there is a single iteration
    }

    private static String percentile(Score score, String which) {
        return format(number(score.percentiles.get(which)));
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }
}
