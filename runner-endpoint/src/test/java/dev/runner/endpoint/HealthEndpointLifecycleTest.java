package dev.runner.endpoint;

import static dev.runner.endpoint.HttpClients.get;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.Health;
import dev.runner.Option;
import dev.runner.RestartConfig;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint in front of a real runner through its life: what live, ready and started say while
 * it starts, runs, restarts a service, loses a critical one and stops; a hung health check does not
 * hold up a probe; the page and pictures show a real run.
 */
class HealthEndpointLifecycleTest {

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Option FAST_RESTARTS = Option.restartConfig(RestartConfig.defaults()
            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(10), 1.0).withJitter(false));
    private static final Option FREQUENT_CHECKS = Option.healthCheck(Duration.ofMillis(20), Duration.ofSeconds(60));

    private final Runner runner = Runner.create("shop");
    private HealthEndpoint endpoint;

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        runner.stop(BOUND);
    }

    private HealthEndpoint serve() {
        endpoint = HealthEndpoint.builder(runner).showDetails(true).start();
        return endpoint;
    }

    /** The status codes of live, ready and started, in that order. */
    private List<Integer> probes() throws Exception {
        List<Integer> codes = new java.util.ArrayList<>();
        for (String path : List.of("/health/live", "/health/ready", "/health/started")) {
            codes.add(get(endpoint.address(), path).statusCode());
        }
        return codes;
    }

    private void eventuallyProbes(Integer live, Integer ready, Integer started) {
        List<Integer> wanted = List.of(live, ready, started);
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20)).until(this::probes, wanted::equals);
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = get(endpoint.address(), path);
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        return MAPPER.readTree(response.body());
    }

    /** Each check's status by service name. */
    private Map<String, String> checks(String path) throws Exception {
        return StreamSupport.stream(json(path).get("checks").spliterator(), false)
                .collect(Collectors.toMap(c -> c.get("name").asText(), c -> c.get("status").asText()));
    }

    private CompletableFuture<Void> startInBackground() {
        return CompletableFuture.runAsync(() -> runner.start(BOUND), Executors.newVirtualThreadPerTaskExecutor());
    }

    @Test
    void liveReadyAndStartedFollowStartRestartAndStop() throws Exception {
        GatedService db = new GatedService("db").holdStarts();
        runner.add(db, FAST_RESTARTS);
        runner.add(new GatedService("api"), Option.dependsOn("db"));
        serve();

        assertEquals(List.of(200, 503, 503), probes(), "idle: live, not ready, not started");

        CompletableFuture<Void> started = startInBackground();
        await().atMost(BOUND).until(() -> json("/runner/status").get("services").get("db").get("state").asText(),
                "STARTING"::equals);
        assertEquals(List.of(200, 503, 503), probes(), "starting");
        assertEquals("WAITING", json("/health/started").get("checks").get(1).get("data").get("state").asText());

        db.openStarts();
        started.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        eventuallyProbes(200, 200, 200);
        assertEquals(Map.of("db", "UP", "api", "UP"), checks("/health"));

        db.holdStarts();
        db.exit(new IOException("connection reset"));
        eventuallyProbes(200, 503, 200);
        JsonNode restarting = json("/health/ready").get("checks").get(0);
        assertEquals("DOWN", restarting.get("status").asText());
        assertEquals(1, restarting.get("data").get("restarts").asInt());
        assertTrue(restarting.get("data").get("lastFailure").asText().contains("connection reset"),
                restarting.toString());
        db.openStarts();
        eventuallyProbes(200, 200, 200);

        runner.stop(BOUND);
        assertEquals(List.of(200, 503, 503), probes(), "stopped on request: live, neither ready nor started");
    }

    @Test
    void aCriticalServiceThatGivesUpTakesLiveDownAndNamesIt() throws Exception {
        GatedService db = new GatedService("db");
        runner.add(db, Option.critical(), Option.restartPolicy(RestartPolicy.NEVER));
        runner.add(new GatedService("api"), Option.dependsOn("db"));
        serve();
        runner.start(BOUND);
        eventuallyProbes(200, 200, 200);

        db.exit(new IOException("disk full"));

        eventuallyProbes(503, 503, 503);
        assertEquals(Map.of("db", "DOWN", "api", "UP"), checks("/health/live"));
        assertEquals("FAILED", json("/runner/status").get("phase").asText());
        assertTrue(runner.awaitStopped(BOUND));
    }

    @Test
    void aNonCriticalServiceThatGivesUpLeavesTheRunnerLiveButNotReady() throws Exception {
        GatedService mailer = new GatedService("mailer");
        runner.add(new GatedService("db"));
        runner.add(mailer, Option.restartPolicy(RestartPolicy.NEVER));
        serve();
        runner.start(BOUND);
        eventuallyProbes(200, 200, 200);

        mailer.exit(new IOException("smtp down"));

        eventuallyProbes(200, 503, 200);
        assertEquals(Map.of("db", "UP", "mailer", "UP"), checks("/health/live"));
        assertEquals(Map.of("db", "UP", "mailer", "DOWN"), checks("/health/ready"));
    }

    @Test
    void aServiceThatDoesNotGateReadinessCanBeUnhealthyWhileTheRunnerIsReady() throws Exception {
        AtomicBoolean sick = new AtomicBoolean();
        runner.add(new GatedService("db"));
        runner.add(new GatedService("batch").health(() -> sick.get() ? Health.down("queue full") : Health.up()),
                Option.readiness(false), Option.restartPolicy(RestartPolicy.NEVER), FREQUENT_CHECKS);
        serve();
        runner.start(BOUND);
        eventuallyProbes(200, 200, 200);

        sick.set(true);
        await().atMost(BOUND).until(() -> json("/runner/status").get("services").get("batch").get("healthy").asBoolean(),
                healthy -> !healthy);

        assertEquals(List.of(200, 200, 200), probes());
        assertEquals(Map.of("db", "UP"), checks("/health/ready"));
    }

    @Test
    void aHealthCheckThatHangsDoesNotHoldUpTheReadinessProbe() throws Exception {
        CountDownLatch hanging = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean hang = new AtomicBoolean();
        GatedService db = new GatedService("db");
        runner.add(db, FREQUENT_CHECKS);
        serve();
        runner.start(BOUND);
        eventuallyProbes(200, 200, 200);
        db.hangHealth(hanging, release);
        try {
            assertTrue(hanging.await(BOUND.toSeconds(), TimeUnit.SECONDS), "a check is in flight and hangs");

            long began = System.nanoTime();
            HttpResponse<String> ready = get(endpoint.address(), "/health/ready");
            Duration took = Duration.ofNanos(System.nanoTime() - began);

            assertEquals(200, ready.statusCode(), "the last finished check passed");
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "answered while the check hangs, in " + took);
            assertEquals(1, release.getCount(), "the check is still hanging");
        } finally {
            release.countDown();
        }
    }

    @Test
    void thePageAndThePicturesShowTheRun() throws Exception {
        runner.add(new GatedService("db"));
        runner.add(new GatedService("<cache>"), Option.dependsOn("db"));
        runner.add(new GatedService("api"), Option.dependsOn("db", "<cache>"));
        serve();
        runner.start(BOUND);
        eventuallyProbes(200, 200, 200);

        Document page = Jsoup.parse(get(endpoint.address(), "/runner").body());
        assertEquals(List.of("db", "<cache>", "api"), page.select("table.services tbody tr td.service").eachText());
        assertEquals(List.of("RUNNING", "RUNNING", "RUNNING"), page.select("table.services tbody tr td.state").eachText());
        assertEquals(2, page.select("svg").size());
        assertTrue(page.select("script").isEmpty());

        SvgDocument graph = SvgDocument.parse(get(endpoint.address(), "/runner/graph.svg").body());
        assertEquals(3, graph.all("line", "dependency").size());
        SvgDocument timeline = SvgDocument.parse(get(endpoint.address(), "/runner/timeline.svg").body());
        assertEquals(3, timeline.all("g", "span").size());
        assertEquals(3, timeline.all("rect", "starting").size(), "every service started");
        assertTrue(timeline.all("g", "critical").size() >= 1, "the critical path is marked");
    }
}
