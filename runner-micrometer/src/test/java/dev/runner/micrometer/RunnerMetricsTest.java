package dev.runner.micrometer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Health;
import dev.runner.Option;
import dev.runner.RestartConfig;
import dev.runner.Runner;
import dev.runner.ServiceState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meters of a real runner through a start, restarts of three kinds, and a stop. */
class RunnerMetricsTest {

    private static final Duration BOUND = Duration.ofSeconds(30);
    /** Quick restarts, no jitter: the tests wait for events, not for time. */
    private static final Option FAST_RESTARTS = Option.restartConfig(RestartConfig.defaults()
            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(10), 1.0).withJitter(false).withMaxRetries(0));
    private static final Option FREQUENT_CHECKS = Option.healthCheck(Duration.ofMillis(20), Duration.ofSeconds(5));

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final Runner runner = Runner.create("shop");

    @AfterEach
    void stop() {
        runner.stop(BOUND);
    }

    private static void eventually(Callable<Boolean> condition) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).until(condition);
    }

    private double count(String timer, String service) {
        return registry.get(timer).tags("runner", "shop", "service", service).timer().count();
    }

    private double failures(String service, String kind) {
        return registry.get("runner.service.failures").tags("runner", "shop", "service", service, "kind", kind).counter().count();
    }

    private double restarts(String service) {
        return registry.get("runner.service.restarts").tags("runner", "shop", "service", service).functionCounter().count();
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    private boolean inState(String service, ServiceState state) {
        return gauge("runner.service.state", "runner", "shop", "service", service, "state", state.name()) == 1;
    }

    @Test
    void aStartShowsEveryServiceUpStartedAndReady() {
        runner.add(new ScriptedService("db"));
        runner.add(new ScriptedService("api"), Option.dependsOn("db"));
        new RunnerMetrics(runner).bindTo(registry);

        runner.start(BOUND);

        assertEquals(1, count("runner.service.start", "db"), "start returns after its events were delivered");
        assertEquals(1, count("runner.service.start", "api"));
        assertEquals(1, count("runner.service.ready", "db"), "api waited for db to be ready");
        eventually(() -> count("runner.service.ready", "api") == 1);
        eventually(() -> gauge("runner.ready", "runner", "shop") == 1);
        assertEquals(1, gauge("runner.live", "runner", "shop"));
        for (String service : new String[] {"db", "api"}) {
            assertEquals(1, gauge("runner.service.up", "runner", "shop", "service", service));
            assertTrue(inState(service, ServiceState.RUNNING));
            assertEquals(0, restarts(service));
            assertEquals(0, count("runner.service.stop", service));
        }
    }

    @Test
    void anExitAndAStartThatThrowsAreCountedAndTheRestartsTimed() {
        ScriptedService api = new ScriptedService("api")
                .failStart(n -> n == 2 ? new IOException("port in use") : null);
        runner.add(new ScriptedService("db"));
        runner.add(api, Option.dependsOn("db"), FAST_RESTARTS);
        new RunnerMetrics(runner).bindTo(registry);
        runner.start(BOUND);
        eventually(() -> count("runner.service.ready", "api") == 1);   // api has no dependents: start does not wait for it

        api.exit(new IOException("connection reset"));   // instance 1 exits; instance 2 throws; instance 3 runs

        eventually(() -> count("runner.service.start", "api") == 2 && count("runner.service.ready", "api") == 2);
        assertEquals(1, failures("api", "exit"));
        assertEquals(1, failures("api", "start"));
        assertEquals(0, failures("api", "health"));
        assertEquals(2, restarts("api"));
        assertEquals(1, count("runner.service.stop", "api"), "only instance 1 was stopped: a start that threw gets no stop");
        eventually(() -> gauge("runner.service.up", "runner", "shop", "service", "api") == 1);
        assertEquals(0, failures("db", "exit") + failures("db", "start") + failures("db", "health") + restarts("db"));
    }

    @Test
    void failedChecksAreAHealthFailure() {
        AtomicBoolean sick = new AtomicBoolean();
        ScriptedService cache = new ScriptedService("cache")
                .health(n -> n == 1 && sick.get() ? Health.down("evicting everything") : Health.up());
        runner.add(cache, FAST_RESTARTS, FREQUENT_CHECKS);
        new RunnerMetrics(runner).bindTo(registry);
        runner.start(BOUND);
        eventually(() -> count("runner.service.ready", "cache") == 1);

        sick.set(true);

        eventually(() -> count("runner.service.ready", "cache") == 2);
        assertEquals(1, failures("cache", "health"));
        assertEquals(1, restarts("cache"));
        assertEquals(0, failures("cache", "exit") + failures("cache", "start"));
    }

    @Test
    void aStopTimesEachStopAndLeavesEveryServiceStopped() {
        runner.add(new ScriptedService("db"));
        runner.add(new ScriptedService("api"), Option.dependsOn("db"));
        new RunnerMetrics(runner).bindTo(registry);
        runner.start(BOUND);
        eventually(() -> gauge("runner.ready", "runner", "shop") == 1);

        runner.stop(BOUND);

        assertEquals(1, count("runner.service.stop", "db"), "stop returns after its events were delivered");
        assertEquals(1, count("runner.service.stop", "api"));
        eventually(() -> inState("db", ServiceState.STOPPED) && inState("api", ServiceState.STOPPED));
        assertEquals(0, gauge("runner.service.up", "runner", "shop", "service", "db"));
        assertEquals(0, gauge("runner.ready", "runner", "shop"));
        assertEquals(1, gauge("runner.live", "runner", "shop"), "a requested stop is no failure");
    }

    @Test
    void aCriticalServiceThatGivesUpMakesTheRunnerNotLive() {
        ScriptedService db = new ScriptedService("db");
        runner.add(db, Option.critical(), Option.restartPolicy(dev.runner.RestartPolicy.NEVER));
        new RunnerMetrics(runner).bindTo(registry);
        runner.start(BOUND);

        db.exit(new IOException("disk full"));

        eventually(() -> gauge("runner.live", "runner", "shop") == 0);
        eventually(() -> inState("db", ServiceState.FAILED));
        assertEquals(1, failures("db", "exit"));
        assertEquals(0, restarts("db"));
    }
}
