package dev.resultstore.examples.reports;

/**
 * What to report on: {@code {"region": "emea", "quarter": "2026-Q3"}}.
 *
 * @param region  a sales region: emea, amer or apac
 * @param quarter a quarter such as {@code 2026-Q3}
 */
public record ReportRequest(String region, String quarter) {
}
