package dev.resultstore.examples.reports;

import java.util.ArrayList;
import java.util.List;

/**
 * What to report on: {@code {"region": "emea", "quarter": "2026-Q3"}}.
 *
 * @param region  a sales region: emea, amer or apac
 * @param quarter a quarter such as {@code 2026-Q3}
 */
public record ReportRequest(String region, String quarter) {

    /** The fields that are absent or blank, in the order of the record. */
    List<String> missingFields() {
        List<String> missing = new ArrayList<>();
        if (region == null || region.isBlank()) {
            missing.add("region");
        }
        if (quarter == null || quarter.isBlank()) {
            missing.add("quarter");
        }
        return missing;
    }
}
