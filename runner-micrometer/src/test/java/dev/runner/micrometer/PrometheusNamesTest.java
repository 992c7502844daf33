package dev.runner.micrometer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runner.Option;
import dev.runner.Runner;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The names a Prometheus user sees, as the README lists them, from a real scrape. */
class PrometheusNamesTest {

    /** Returns the value of the sample {@code name} with exactly the labels {@code labels}, as Prometheus writes them. */
    private static Optional<Double> sample(String scrape, String name, String labels) {
        String prefix = name + "{" + labels + "} ";
        return Arrays.stream(scrape.split("\n"))
                .filter(line -> line.startsWith(prefix))
                .map(line -> Double.parseDouble(line.substring(prefix.length()).trim().split(" ")[0]))
                .findFirst();
    }

    @Test
    void theScrapeHasTheDocumentedNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Runner runner = Runner.create("shop");
        runner.add(new ScriptedService("db"));
        runner.add(new ScriptedService("api"), Option.dependsOn("db"));
        new RunnerMetrics(runner).bindTo(registry);
        runner.start(Duration.ofSeconds(30));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> sample(registry.scrape(), "runner_ready", "runner=\"shop\"")
                    .orElse(0.0) == 1.0);
            String scrape = registry.scrape();
            String db = "runner=\"shop\",service=\"db\"";

            assertEquals(Optional.of(1.0), sample(scrape, "runner_service_up", db), scrape);
            assertEquals(Optional.of(1.0), sample(scrape, "runner_service_state", db + ",state=\"RUNNING\""), scrape);
            assertEquals(Optional.of(0.0), sample(scrape, "runner_service_state", db + ",state=\"FAILED\""), scrape);
            assertEquals(Optional.of(0.0), sample(scrape, "runner_service_restarts_total", db), scrape);
            assertEquals(Optional.of(0.0), sample(scrape, "runner_service_failures_total", "kind=\"exit\"," + db), scrape);
            assertEquals(Optional.of(1.0), sample(scrape, "runner_service_start_seconds_count", db), scrape);
            assertEquals(Optional.of(1.0), sample(scrape, "runner_service_ready_seconds_count", db), scrape);
            assertEquals(Optional.of(0.0), sample(scrape, "runner_service_stop_seconds_count", db), scrape);
            assertEquals(true, sample(scrape, "runner_service_start_seconds_sum", db).isPresent(), scrape);
            assertEquals(Optional.of(1.0), sample(scrape, "runner_live", "runner=\"shop\""), scrape);
        } finally {
            runner.stop(Duration.ofSeconds(30));
        }
    }
}
