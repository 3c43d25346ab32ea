package dev.resultstore.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/**
 * A task's return value whose JSON (as ResultStore stores it, before the Celery envelope) has
 * exactly a given size: a report with lines, the kind of record a background task returns.
 */
public final class Payload {

    /** A task's result: serialized by JSON-B like any application record. */
    public record Report(String title, int pages, List<Line> lines) {
    }

    public record Line(int number, String text, double amount) {
    }

    private Payload() {
    }

    /**
     * A map of string fields whose JSON ({@code {"f00000":"abc...",...}}, compact) is exactly
     * {@code size} bytes (see {@link #bytes}): the untyped shape compared with Celery, whose peer
     * script (celery-peer.py) builds the very same map.
     */
    public static Map<String, String> fields(String size) {
        int target = bytes(size);
        Map<String, String> fields = new LinkedHashMap<>();
        int length = 2; // {}
        // each field is "fNNNNN":"<value>", 11 bytes plus the value; a comma between fields
        while (length + (fields.isEmpty() ? 0 : 1) + 43 + 12 <= target) {
            length += (fields.isEmpty() ? 0 : 1) + 43;
            int i = fields.size();
            fields.put(String.format("f%05d", i), FILLER.substring(i % 10, i % 10 + 32));
        }
        // The last field takes up the rest, so that the size is exact.
        int rest = target - length - (fields.isEmpty() ? 0 : 1) - 11;
        fields.put(String.format("f%05d", fields.size()), "z".repeat(rest));
        return fields;
    }

    private static final String FILLER = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghij";

    /** Parses a size such as {@code 100B}, {@code 10KB} or {@code 1MB} (binary units). */
    public static int bytes(String size) {
        String upper = size.trim().toUpperCase(java.util.Locale.ROOT);
        if (upper.endsWith("MB")) {
            return Integer.parseInt(upper.substring(0, upper.length() - 2)) << 20;
        }
        if (upper.endsWith("KB")) {
            return Integer.parseInt(upper.substring(0, upper.length() - 2)) << 10;
        }
        return Integer.parseInt(upper.substring(0, upper.length() - (upper.endsWith("B") ? 1 : 0)));
    }

    /** A report whose JSON is exactly {@code size} bytes (see {@link #bytes}). */
    public static Report of(String size) {
        int target = bytes(size);
        try (Jsonb jsonb = JsonbBuilder.create()) {
            List<Line> lines = new ArrayList<>();
            int length = jsonb.toJson(new Report("", 1, lines)).length();
            while (true) {
                Line next = new Line(lines.size() + 1, "item " + (lines.size() + 1), (lines.size() % 400) * 0.25);
                int added = jsonb.toJson(next).length() + (lines.isEmpty() ? 0 : 1);
                if (length + added > target) {
                    break;
                }
                lines.add(next);
                length += added;
            }
            // The title takes up the rest, so that the size is exact.
            Report report = new Report("r".repeat(target - length), 1, List.copyOf(lines));
            int actual = jsonb.toJson(report).length();
            if (actual != target) {
                throw new IllegalStateException("payload " + size + " is " + actual + " bytes of JSON, not " + target);
            }
            return report;
        } catch (Exception e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }
}
