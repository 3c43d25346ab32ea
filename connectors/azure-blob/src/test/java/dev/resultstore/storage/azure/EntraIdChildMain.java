package dev.resultstore.storage.azure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;

/**
 * Run in a child JVM by {@link AzureBlobEntraIdProcessTest}, whose environment (variables, class
 * path) is the point of the test. Arguments: scenarios separated by {@code --}, each a name
 * (also the task id stored) and {@code key=value} configuration. Prints one line per scenario:
 * {@code <name> OK} or {@code <name> FAILED <messages of the exception and its causes>}.
 */
public final class EntraIdChildMain {

    private EntraIdChildMain() {
    }

    public static void main(String[] args) {
        List<List<String>> scenarios = new ArrayList<>();
        scenarios.add(new ArrayList<>());
        for (String arg : args) {
            if (arg.equals("--")) {
                scenarios.add(new ArrayList<>());
            } else {
                scenarios.get(scenarios.size() - 1).add(arg);
            }
        }
        for (List<String> scenario : scenarios) {
            String name = scenario.get(0);
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("resultstore.storage", "azure-blob");
            properties.put("resultstore.retry.max-retries", "0");
            for (String setting : scenario.subList(1, scenario.size())) {
                int equals = setting.indexOf('=');
                properties.put("resultstore.storage.config." + setting.substring(0, equals), setting.substring(equals + 1));
            }
            try (ResultBackend backend = ResultStores.create(properties)) {
                backend.storeSuccess(name, "ok");
                System.out.println(name + " OK");
            } catch (Exception e) {
                StringBuilder messages = new StringBuilder();
                for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                    messages.append(" | ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
                }
                System.out.println(name + " FAILED" + messages.toString().replace('\n', ' '));
            }
        }
    }
}
