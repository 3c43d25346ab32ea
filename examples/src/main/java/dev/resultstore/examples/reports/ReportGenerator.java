package dev.resultstore.examples.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import dev.resultstore.StoreResult;
import jakarta.enterprise.concurrent.Asynchronous;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Generates sales reports in the background. {@code @Asynchronous} runs the method on the
 * server's default {@code ManagedExecutorService}; {@code @StoreResult} stores RECEIVED when it
 * is called, STARTED when it starts, then the report (SUCCESS) or the exception (FAILURE), in
 * the default store: a directory, with no configuration at all.
 */
@ApplicationScoped
public class ReportGenerator {

    private static final Map<String, List<String>> CATALOGUE = Map.of(
            "emea", List.of("espresso machine", "milk frother", "grinder", "descaler", "cup set"),
            "amer", List.of("cold brew kit", "drip brewer", "grinder", "travel mug", "filters"),
            "apac", List.of("pour-over kettle", "tea press", "grinder", "matcha whisk", "scale"));
    private static final Pattern QUARTER = Pattern.compile("\\d{4}-Q[1-4]");
    // Long enough to see RECEIVED/STARTED with curl; a real report would query a database.
    private static final Duration WORK = Duration.ofSeconds(3);

    @Asynchronous
    @StoreResult(name = "generate-report")
    public CompletableFuture<Report> generate(ReportRequest request) {
        List<String> products = CATALOGUE.get(request.region());
        if (products == null) {
            throw new IllegalArgumentException("Unknown region '" + request.region() + "': expected one of "
                    + CATALOGUE.keySet().stream().sorted().toList());
        }
        if (request.quarter() == null || !QUARTER.matcher(request.quarter()).matches()) {
            throw new IllegalArgumentException("Quarter '" + request.quarter() + "' is not of the form 2026-Q3");
        }
        sleep(WORK);

        // The same request always gives the same figures: a stand-in for the sales database.
        Random sales = new Random((request.region() + request.quarter()).hashCode());
        int[] sold = products.stream().mapToInt(product -> 200 + sales.nextInt(4800)).toArray();
        int orders = 0;
        BigDecimal revenue = BigDecimal.ZERO;
        for (int i = 0; i < sold.length; i++) {
            orders += sold[i];
            revenue = revenue.add(BigDecimal.valueOf(sold[i]).multiply(BigDecimal.valueOf(15 + 10 * i)));
        }
        List<String> top = IntStream.range(0, products.size()).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> sold[i]).reversed())
                .limit(3).map(products::get).toList();
        Report report = new Report(request.region(), request.quarter(), orders,
                revenue.setScale(2, RoundingMode.UNNECESSARY), top);
        return Asynchronous.Result.complete(report);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Report generation was interrupted", e);
        }
    }
}
