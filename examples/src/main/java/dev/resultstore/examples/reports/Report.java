package dev.resultstore.examples.reports;

import java.math.BigDecimal;
import java.util.List;

/**
 * A generated sales report: what the task returns, and what is stored as its result.
 *
 * @param region      the region reported on
 * @param quarter     the quarter reported on
 * @param orders      how many orders were placed
 * @param revenue     their total, in euros
 * @param topProducts the three best-selling products, best first
 */
public record Report(String region, String quarter, int orders, BigDecimal revenue, List<String> topProducts) {
}
