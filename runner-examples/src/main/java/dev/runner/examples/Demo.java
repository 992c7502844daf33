package dev.runner.examples;

import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import dev.runner.RunnerException;
import dev.runner.RunnerStatus;
import dev.runner.ServiceEvent;
import dev.runner.endpoint.HealthEndpoint;
import dev.runner.endpoint.Pictures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The README's demo: six services with dependencies start concurrently wherever the graph allows,
 * each only once its dependencies are healthy (a JDBC probe checks the database, an HTTP probe the
 * API). The API fails once and is restarted, and the worker, bound to it, restarts with it; the
 * indexer, a critical service, crashes twice and is restarted with backoff, staying under its
 * restart limit. The demo listens to the runner's events instead of polling, stops everything in
 * reverse dependency order, and prints the start timeline.
 *
 * <pre>
 * config ─┬─ database (PostgreSQL) ─┬─ api (HTTP, fails once) ─┬─ worker (bound to api)
 *         └─ cache ─────────────────┘                          └─ indexer (critical, crashes twice)
 * </pre>
 */
public final class Demo {

    private Demo() {
    }

    /**
     * Runs the demo; it ends by itself once the API and the indexer have recovered, or, with
     * {@code -Ddemo.serve=true}, when the JVM is told to stop (Ctrl+C).
     *
     * @param args ignored
     */
    public static void main(String[] args) {
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
        runner.add(new HttpApiService("api", apiPort, millis(1500), millis(1500)),
                Option.dependsOn("database", "cache"),
                Option.startDelay(millis(300)),
                Option.backoff(millis(300), Duration.ofSeconds(4), 2.0),
                // Ready only once GET /health answers 2xx or 3xx (runner-plugins-http), checked
                // every 250 ms; until then its dependents wait, and within the grace a 503 only
                // means "not ready yet", not a failure.
                Option.probe("http://127.0.0.1:" + apiPort + "/health"),
                Option.healthCheck(millis(250), Duration.ofSeconds(1)),
                Option.startupGrace(Duration.ofSeconds(10)));
        runner.add(new DemoService("worker", millis(300), millis(200)),
                // Restarted whenever the API restarts: its connections to the old API are gone.
                Option.bindsTo("api"));
        runner.add(new CrashingService("indexer", millis(1000), 2),
                Option.dependsOn("api"),
                // Without the indexer the application is useless: giving up on it fails the runner.
                Option.critical(),
                Option.restartPolicy(RestartPolicy.ON_FAILURE),
                Option.backoff(millis(500), Duration.ofSeconds(4), 2.0),
                Option.maxRetries(5));

        for (String service : List.of("database", "api")) {
            runner.config(service).orElseThrow().probes()
                    .forEach(probe -> Console.print(service, "health probe: " + probe.name()));
        }
        // The health endpoint for Kubernetes' probes, and a status page for people (runner-endpoint).
        HealthEndpoint endpoint = HealthEndpoint.builder(runner).showDetails(true).start();
        String url = "http://127.0.0.1:" + endpoint.address().getPort();
        Console.print("demo", "status page " + url + "/runner, health " + url + "/health");

        Show show = new Show(runner, url);
        runner.addListener(show);
        boolean serve = Boolean.getBoolean("demo.serve");
        if (!serve) {
            Thread.ofVirtual().name("demo-ending").start(show::stopWhenOver);
        }

        Console.print("demo", "running 6 services until " + (serve ? "Ctrl+C" : "the show is over"));
        try {
            runner.run(Duration.ofSeconds(30)); // starts, stops on Ctrl+C, returns once stopped
        } catch (RunnerException e) {
            Console.print("demo", "the runner failed: " + e.getMessage());
            System.exit(1);
        } finally {
            endpoint.close();
        }
        Console.print("demo", "stopped; running = " + runner.isRunning());
        Console.print("demo", "the start, as systemd-analyze blame shows a boot:");
        StartTable.lines(runner.timeline()).forEach(Console::detail);
        writePictures(runner, show.page);
    }

    /** Writes the timeline, the dependency graph and the last status page to {@code demo.out}. */
    private static void writePictures(Runner runner, String page) {
        Path out = Path.of(System.getProperty("demo.out", "target/demo"));
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("timeline.svg"), Pictures.timelineSvg(runner.timeline()));
            Files.writeString(out.resolve("graph.svg"), Pictures.dependencyGraphSvg(runner));
            if (page != null) {
                Files.writeString(out.resolve("status.html"), page);
            }
            Console.print("demo", "wrote timeline.svg, graph.svg and status.html to " + out);
        } catch (IOException e) {
            Console.print("demo", "could not write the pictures: " + e);
        }
    }

    /**
     * Prints the events worth a line and, once the API's restart and the indexer's crashes are
     * over, stops the runner.
     */
    private static final class Show implements Consumer<ServiceEvent> {

        private final Runner runner;
        private final String url;
        /** The status page as it was just before the stop; read after the runner stopped. */
        private volatile String page;
        /** Counts down on the worker's Ready after the API's restart and the indexer's third. */
        private final CountDownLatch over = new CountDownLatch(2);
        private final AtomicInteger workerReady = new AtomicInteger();
        private final AtomicInteger indexerReady = new AtomicInteger();

        Show(Runner runner, String url) {
            this.runner = runner;
            this.url = url;
        }

        @Override
        public void accept(ServiceEvent event) {
            String line = StatusReport.describe(event);
            if (line != null) {
                Console.print(event.service(), line);
            }
            if (event instanceof ServiceEvent.Ready ready) {
                AtomicInteger count = switch (ready.service()) {
                    case "worker" -> workerReady;
                    case "indexer" -> indexerReady;
                    default -> null;
                };
                if (count != null && count.incrementAndGet() == ("worker".equals(ready.service()) ? 2 : 3)) {
                    over.countDown();
                }
            }
        }

        /** Waits until the show is over (at most a minute), prints the status, and stops the runner. */
        void stopWhenOver() {
            try {
                over.await(1, TimeUnit.MINUTES);
                Thread.sleep(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                return;
            }
            RunnerStatus status = runner.status();
            Console.print("demo", "status " + StatusReport.summary(status));
            StatusReport.services(status).forEach(Console::detail);
            Console.print("demo", "GET " + url + "/health/ready:");
            Console.detail(get(url + "/health/ready"));
            page = get(url + "/runner");
            Console.print("demo", "stopping: dependents first, dependencies last");
            runner.stop(Duration.ofSeconds(30));
        }
    }

    /** Returns the body of a GET, or what went wrong. */
    private static String get(String url) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "GET " + url + " failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "GET " + url + " interrupted";
        }
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
