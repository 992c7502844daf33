package dev.runner.examples;

import dev.runner.HealthStatus;
import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import dev.runner.StartException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

/**
 * The README's demo: six services with dependencies start concurrently wherever the graph allows,
 * each only once its dependencies are healthy (a JDBC probe checks the database, an HTTP probe the
 * API); one of them crashes twice and is restarted with backoff while the demo watches the
 * aggregate health; and everything stops in reverse dependency order.
 *
 * <pre>
 * config ─┬─ database (PostgreSQL) ─┬─ api (HTTP) ─┬─ worker
 *         └─ cache ─────────────────┘              └─ indexer (crashes twice)
 * </pre>
 */
public final class Demo {

    private Demo() {
    }

    /**
     * Runs the demo; it ends by itself after about ten seconds.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while waiting between health reports
     */
    public static void main(String[] args) throws InterruptedException {
        int databasePort = freePort();
        int apiPort = freePort();

        Runner runner = Runner.create("demo");

        runner.add(new DemoService("config", millis(300), millis(100)));
        runner.add(new PostgresService("database", databasePort),
                Option.dependsOn("config"),
                Option.restartPolicy(RestartPolicy.ALWAYS),
                // Ready only once a JDBC connection works (runner-plugins-jdbc).
                Option.probe("jdbc:postgresql://localhost:" + databasePort + "/postgres?user=postgres"));
        runner.add(new DemoService("cache", millis(700), millis(200)),
                Option.dependsOn("config"));
        runner.add(new HttpApiService("api", apiPort, millis(1500)),
                Option.dependsOn("database", "cache"),
                Option.startDelay(millis(300)),
                // Ready only once GET /health answers 2xx or 3xx (runner-plugins-http), checked
                // every 250 ms; until then its dependents wait, and within the grace a 503 only
                // means "not ready yet", not a failure.
                Option.probe("http://127.0.0.1:" + apiPort + "/health"),
                Option.healthCheck(millis(250), Duration.ofSeconds(1)),
                Option.startupGrace(Duration.ofSeconds(10)));
        runner.add(new DemoService("worker", millis(300), millis(200)),
                Option.dependsOn("api"));
        runner.add(new CrashingService("indexer", millis(1000), 2),
                Option.dependsOn("api"),
                Option.restartPolicy(RestartPolicy.ON_FAILURE),
                Option.backoff(millis(500), Duration.ofSeconds(4), 2.0),
                Option.maxRetries(5));

        // Ctrl+C stops the services too; stop is idempotent, so the hook is harmless after a stop.
        Runtime.getRuntime().addShutdownHook(new Thread(runner::stop));

        for (String service : List.of("database", "api")) {
            runner.config(service).orElseThrow().probes()
                    .forEach(probe -> Timeline.print(service, "health probe: " + probe.name()));
        }
        Timeline.print("demo", "starting 6 services");
        try {
            runner.start(Duration.ofSeconds(60));
        } catch (StartException e) {
            Timeline.print("demo", "start failed: " + e.getMessage());
            System.exit(1);
        }
        Timeline.print("demo", "runner started: every start() returned");

        HealthStatus health = runner.healthStatus();
        printHealth(health);
        health = watchHealth(runner, health, Duration.ofSeconds(5));
        printHealth(health);

        Timeline.print("demo", "stopping: dependents first, dependencies last");
        runner.stop(Duration.ofSeconds(30));
        Timeline.print("demo", "stopped; running = " + runner.isRunning());
    }

    /**
     * Checks the runner's health every 200 ms for a while and prints the services whose health
     * changed: the indexer's crashes and restarts show up here.
     */
    private static HealthStatus watchHealth(Runner runner, HealthStatus last, Duration duration)
            throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(Duration.ofMillis(200));
            HealthStatus now = runner.healthStatus();
            List<String> changes = HealthReport.changes(last, now);
            if (!changes.isEmpty()) {
                Timeline.print("demo", "health changed, " + HealthReport.summary(now));
                changes.forEach(Timeline::detail);
            }
            last = now;
        }
        return last;
    }

    private static void printHealth(HealthStatus status) {
        Timeline.print("demo", "health " + HealthReport.summary(status));
        HealthReport.services(status).forEach(Timeline::detail);
    }

    private static Duration millis(long millis) {
        return Duration.ofMillis(millis);
    }

    /** Returns a loopback port that was free a moment ago, for a server the demo starts. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback address", e);
        }
    }
}
