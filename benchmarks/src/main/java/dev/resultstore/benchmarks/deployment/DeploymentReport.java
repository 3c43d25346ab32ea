package dev.resultstore.benchmarks.deployment;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

/**
 * Prints what {@link DeploymentOverhead} measured: per WAR the median, minimum and maximum of its
 * deployments' wall times (and the medians of the server's CPU time while deploying, of the first
 * request and of the undeployment), then the difference with ResultStore minus without it, pair
 * by pair, against the goal: the median wall-time difference under {@code goalMillis}.
 */
public final class DeploymentReport {

    private DeploymentReport() {
    }

    /** Prints the figures of {@code result} and, when {@code table} is given, appends them to it in Markdown. */
    public static void print(Path result, StringBuilder table) throws IOException {
        JsonObject json;
        try (Reader in = Files.newBufferedReader(result)) {
            json = Json.createReader(in).readObject();
        }
        JsonObject with = json.getJsonObject("with");
        JsonObject without = json.getJsonObject("without");
        List<Double> withDeploy = values(with, "deployMillis");
        List<Double> withoutDeploy = values(without, "deployMillis");
        List<Double> differences = differences(withDeploy, withoutDeploy);
        List<Double> cpuDifferences = differences(values(with, "deployCpuMillis"), values(without, "deployCpuMillis"));
        if (differences.isEmpty()) {
            System.out.println("\nDeployment overhead: no pairs measured in " + result);
            return;
        }
        double goal = json.getJsonNumber("goalMillis").doubleValue();
        double difference = median(differences);
        String verdict = difference < goal ? "met" : "MISSED";
        String about = json.getString("server") + ", measured " + json.getString("measured", "?") + ", JDK " + json.getString("jdk") + ", " + json.getInt("pairs")
                + " pairs after " + json.getInt("warmupPairs") + " warm-up pairs, deploy/undeploy alternating";

        System.out.println();
        System.out.println("Deployment on " + about + " (ms)");
        String line = "%-24s %14s %16s %12s %14s %10s%n";
        System.out.printf(line, "WAR", "deploy median", "deploy min–max", "deploy CPU", "first request", "undeploy");
        for (String name : List.of(DeploymentOverhead.WITH, DeploymentOverhead.WITHOUT)) {
            JsonObject times = name.equals(DeploymentOverhead.WITH) ? with : without;
            List<Double> deploy = values(times, "deployMillis");
            System.out.printf(line, name, ms(median(deploy)), ms(min(deploy)) + "–" + ms(max(deploy)),
                    ms(median(values(times, "deployCpuMillis"))), ms(median(values(times, "firstRequestMillis"))),
                    ms(median(values(times, "undeployMillis"))));
        }
        String summary = String.format(Locale.ROOT, "Deploy with − without ResultStore, pair by pair: median %s ms (min %s,"
                + " max %s), ratio of medians %.2f×; goal < %s ms: %s. Server CPU time of a deploy, with − without: median %s ms"
                + " (min %s, max %s).", ms(difference), ms(min(differences)), ms(max(differences)),
                median(withDeploy) / median(withoutDeploy), ms(goal), verdict,
                ms(median(cpuDifferences)), ms(min(cpuDifferences)), ms(max(cpuDifferences)));
        System.out.println(summary);

        if (table != null) {
            table.append("\nDeployment on ").append(about).append("\n\n")
                    .append("| WAR | deploy median (ms) | deploy min–max (ms) | deploy CPU median (ms) | first request median (ms) | undeploy median (ms) |\n")
                    .append("|---|---:|---:|---:|---:|---:|\n");
            for (String name : List.of(DeploymentOverhead.WITH, DeploymentOverhead.WITHOUT)) {
                JsonObject times = name.equals(DeploymentOverhead.WITH) ? with : without;
                List<Double> deploy = values(times, "deployMillis");
                table.append("| ").append(name).append(" | ").append(ms(median(deploy))).append(" | ")
                        .append(ms(min(deploy))).append("–").append(ms(max(deploy))).append(" | ")
                        .append(ms(median(values(times, "deployCpuMillis")))).append(" | ")
                        .append(ms(median(values(times, "firstRequestMillis")))).append(" | ")
                        .append(ms(median(values(times, "undeployMillis")))).append(" |\n");
            }
            table.append("\n").append(summary).append("\n");
        }
    }

    // Pair i holds the i-th deployment of each WAR.
    private static List<Double> differences(List<Double> with, List<Double> without) {
        List<Double> differences = new ArrayList<>();
        for (int i = 0; i < Math.min(with.size(), without.size()); i++) {
            differences.add(with.get(i) - without.get(i));
        }
        return differences;
    }

    private static List<Double> values(JsonObject times, String name) {
        if (!times.containsKey(name)) {
            return List.of();
        }
        return times.getJsonArray(name).getValuesAs(JsonNumber.class).stream().map(JsonNumber::doubleValue).toList();
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }
}
