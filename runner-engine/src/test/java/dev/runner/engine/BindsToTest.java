package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Health;
import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import dev.runner.ServiceEvent;
import dev.runner.ServiceState;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, version 2, Supervision: with {@code cache} bound to {@code db}, when {@code db}
 * restarts, {@code cache} is stopped before {@code db}'s old instance is stopped and started
 * again once {@code db} is ready again; this restart does not count toward {@code cache}'s own
 * retries, its {@code Restarting} reason is {@code dependency "db" restarted}, it applies
 * transitively, and if {@code db} gives up the bound services end {@code STOPPED}.
 */
class BindsToTest extends SupervisionFixture {

    /** Restarts {@code db} on every failure, with no limit. */
    private static final Option DB_RESTARTS = restarts(RestartPolicy.ON_FAILURE, 0);

    private final TestService db = service("db");
    private final TestService cache = service("cache");
    private final TestService api = service("api");

    private void crashDb(int instance) {
        db.startContext(instance).exited(new IOException("db crash " + instance));
    }

    @Test
    void boundServiceIsStoppedBeforeItsDependencysOldInstanceIsStopped() {
        Runner runner = runners.create("binds");
        TestService reader = service("reader");
        runner.add(db, DB_RESTARTS, NO_POLLING);
        runner.add(cache, Option.bindsTo("db"), NO_POLLING);
        runner.add(reader, Option.dependsOn("db"), NO_POLLING);
        runner.start();

        crashDb(1);

        awaitUp(db, 2);
        awaitUp(cache, 2);
        log.assertBefore(log.get("cache", 1, Event.Kind.STOPPED), log.get("db", 1, Event.Kind.STOP_BEGIN));
        assertEquals(1, reader.starts(), "a service that only depends on db is not restarted with it");
        assertEquals(0, reader.stops());
        for (TestService s : List.of(db, cache, reader)) {
            assertEquals(List.of(), s.violations(), s.name());
        }
    }

    @Test
    void boundServiceStartsAgainOnlyOnceItsDependencyIsReadyAgain() {
        Runner runner = runners.create("binds-ready");
        AtomicInteger secondInstanceChecks = new AtomicInteger();
        db.health(instance -> instance == 2 && secondInstanceChecks.incrementAndGet() <= 3
                ? Health.down("warming up") : Health.up());
        runner.add(db, DB_RESTARTS, FAST_CHECKS, Option.startupGrace(Duration.ofHours(1)));
        runner.add(cache, Option.bindsTo("db"), NO_POLLING);
        runner.start();

        crashDb(1);

        awaitUp(cache, 2);
        Event cacheStart = log.get("cache", 2, Event.Kind.START_BEGIN);
        Event dbReady = log.of("db", Event.Kind.HEALTH).stream()
                .filter(e -> e.instance() == 2 && e.detail().equals("up")).findFirst()
                .orElseThrow(() -> new AssertionError("cache started before db/2 was checked healthy; log:\n" + log.dump()));
        log.assertBefore(dbReady, cacheStart);
        assertTrue(log.of("db", Event.Kind.HEALTH).stream()
                .anyMatch(e -> e.instance() == 2 && e.detail().equals("down: warming up")), "db/2 was not ready at once; log:\n" + log.dump());
    }

    @Test
    void restartWithADependencyGivesTheDependencyAsTheReason() {
        Runner runner = runners.create("binds-reason");
        runner.add(db, DB_RESTARTS, NO_POLLING);
        runner.add(cache, Option.bindsTo("db"), NO_POLLING);
        SupervisionListener events = listen(runner);
        runner.start();

        crashDb(1);

        eventually(() -> events.of("cache", ServiceEvent.Ready.class).size() == 2);
        ServiceEvent.Restarting restarting = events.first("cache", ServiceEvent.Restarting.class).orElseThrow();
        assertEquals("dependency \"db\" restarted", restarting.reason());
        List<String> kinds = events.kinds("cache");
        assertEquals(List.of("Restarting", "Stopping", "Stopped", "Starting", "Started", "Ready"),
                kinds.subList(kinds.indexOf("Restarting"), kinds.size()), events.dump());
        assertFalse(events.has("cache", ServiceEvent.Exited.class), "cache did not exit by itself");
    }

    @Test
    void restartsWithADependencyDoNotUseUpTheBoundServicesOwnRetries() {
        Runner runner = runners.create("binds-retries");
        runner.add(db, DB_RESTARTS, NO_POLLING);
        runner.add(cache, Option.bindsTo("db"), restarts(RestartPolicy.ON_FAILURE, 1), NO_POLLING);
        SupervisionListener events = listen(runner);
        runner.start();

        for (int instance = 1; instance <= 3; instance++) {
            awaitUp(db, instance);
            awaitUp(cache, instance);
            crashDb(instance);
        }
        awaitUp(cache, 4);
        eventually(() -> statusOf(runner, "cache").state() == ServiceState.RUNNING);
        assertEquals(0, statusOf(runner, "cache").restarts(), "cache's own restart count is untouched");
        assertFalse(events.has("cache", ServiceEvent.GaveUp.class), events.dump());

        // Its one retry is still there for a failure of its own...
        cache.startContext(4).exited(new IOException("cache crash"));
        awaitUp(cache, 5);
        eventually(() -> statusOf(runner, "cache").restarts() == 1);
        // ...and only one.
        cache.startContext(5).exited(new IOException("cache crash again"));
        eventually(() -> statusOf(runner, "cache").state() == ServiceState.FAILED
                && events.has("cache", ServiceEvent.GaveUp.class));
        assertEquals(List.of(), cache.violations());
    }

    @Test
    void bindingAppliesTransitively() {
        Runner runner = runners.create("binds-chain");
        runner.add(db, DB_RESTARTS, NO_POLLING);
        runner.add(cache, Option.bindsTo("db"), NO_POLLING);
        runner.add(api, Option.bindsTo("cache"), NO_POLLING);
        SupervisionListener events = listen(runner);
        runner.start();

        crashDb(1);

        awaitUp(api, 2);
        log.assertBefore(log.get("api", 1, Event.Kind.STOPPED), log.get("cache", 1, Event.Kind.STOP_BEGIN));
        log.assertBefore(log.get("cache", 1, Event.Kind.STOPPED), log.get("db", 1, Event.Kind.STOP_BEGIN));
        log.assertBefore(log.get("db", 2, Event.Kind.STARTED), log.get("cache", 2, Event.Kind.START_BEGIN));
        log.assertBefore(log.get("cache", 2, Event.Kind.STARTED), log.get("api", 2, Event.Kind.START_BEGIN));
        eventually(() -> events.has("api", ServiceEvent.Restarting.class));
        String reason = events.first("api", ServiceEvent.Restarting.class).orElseThrow().reason();
        assertTrue(reason.equals("dependency \"cache\" restarted") || reason.equals("dependency \"db\" restarted"), reason);
        for (TestService s : List.of(db, cache, api)) {
            assertEquals(2, s.starts(), s.name());
            assertEquals(List.of(), s.violations(), s.name());
        }
    }

    @Test
    void serviceBoundToADependencyAndToAServiceBoundToItStartsAgainOnlyOnceBothAreUp() {
        Runner runner = runners.create("binds-diamond");
        // Added before cache: the order of adding must not decide the order of restarting.
        runner.add(api, Option.bindsTo("db", "cache"), NO_POLLING);
        runner.add(db, DB_RESTARTS, NO_POLLING);
        runner.add(cache, Option.bindsTo("db"), NO_POLLING);
        runner.start();

        crashDb(1);

        awaitUp(api, 2);
        awaitUp(cache, 2);
        log.assertBefore(log.get("api", 1, Event.Kind.STOPPED), log.get("cache", 1, Event.Kind.STOP_BEGIN));
        log.assertBefore(log.get("db", 2, Event.Kind.STARTED), log.get("cache", 2, Event.Kind.START_BEGIN));
        log.assertBefore(log.get("cache", 2, Event.Kind.STARTED), log.get("api", 2, Event.Kind.START_BEGIN));
        for (TestService s : List.of(db, cache, api)) {
            assertEquals(2, s.starts(), s.name() + " started once more; log:\n" + log.dump());
            assertEquals(List.of(), s.violations(), s.name());
        }
    }

    @Test
    void boundServicesEndStoppedWhenTheirDependencyGivesUp() {
        Runner runner = runners.create("binds-gave-up");
        runner.add(db, restarts(RestartPolicy.NEVER, 0), NO_POLLING);
        runner.add(cache, Option.bindsTo("db"), NO_POLLING);
        runner.add(api, Option.bindsTo("cache"), NO_POLLING);
        runner.start();

        crashDb(1);

        eventually(() -> statusOf(runner, "db").state() == ServiceState.FAILED
                && statusOf(runner, "cache").state() == ServiceState.STOPPED
                && statusOf(runner, "api").state() == ServiceState.STOPPED);
        assertTrue(runner.isRunning(), "db is not critical");
        for (TestService s : List.of(db, cache, api)) {
            assertEquals(1, s.starts(), s.name() + " is not started again");
            assertEquals(1, s.stops(), s.name());
            assertEquals(List.of(), s.violations(), s.name());
        }
    }
}
