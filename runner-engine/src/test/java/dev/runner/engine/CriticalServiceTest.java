package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Health;
import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.RunPhase;
import dev.runner.Runner;
import dev.runner.RunnerStatus;
import dev.runner.ServiceEvent;
import dev.runner.ServiceState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, version 2, Supervision: when a {@code critical()} service gives up (after a failed
 * exit or after failed checks), the runner fails: it stops every service in reverse order, its
 * phase becomes {@code FAILED}, {@code live} turns false, {@code awaitStopped} returns once
 * everything stopped, and a parent runner sees {@code exited(cause)} through the child's start
 * context.
 *
 * <p>The graph is {@code db <- api <- web}, with {@code api} critical, and {@code other} on its own.
 */
class CriticalServiceTest extends SupervisionFixture {

    private final TestService db = service("db");
    private final TestService api = service("api");
    private final TestService web = service("web");
    private final TestService other = service("other");

    /** Creates the runner of the graph above, {@code api} added critical and with the options. */
    private Runner chainWithCriticalApi(Option... apiOptions) {
        Runner runner = runners.create("critical");
        List<Option> options = new ArrayList<>(List.of(Option.dependsOn("db"), Option.critical()));
        options.addAll(List.of(apiOptions));
        runner.add(db, NO_POLLING);
        runner.add(api, options.toArray(Option[]::new));
        runner.add(web, Option.dependsOn("api"), NO_POLLING);
        runner.add(other, NO_POLLING);
        return runner;
    }

    /** Waits for the runner to stop by itself and asserts how a failed runner ends. */
    private void assertRunnerFailedAndStoppedEverything(Runner runner, SupervisionListener events)
            throws InterruptedException {
        assertTrue(runner.awaitStopped(BOUND), "the runner did not stop by itself; log:\n" + log.dump());
        // awaitStopped returned, so every stop has already ended.
        for (TestService s : List.of(db, api, web, other)) {
            assertEquals(1, s.startsReturned(), s.name() + " starts");
            assertEquals(1, s.stops(), s.name() + " stopped exactly once; log:\n" + log.dump());
            assertFalse(s.isUp(), s.name());
            assertEquals(List.of(), s.violations(), s.name());
        }
        log.assertBefore(log.get("web", 1, Event.Kind.STOPPED), log.get("db", 1, Event.Kind.STOP_BEGIN));
        log.assertBefore(log.get("api", 1, Event.Kind.STOPPED), log.get("db", 1, Event.Kind.STOP_BEGIN));
        assertFalse(runner.isRunning());
        RunnerStatus status = runner.status();
        assertEquals(RunPhase.FAILED, status.phase(), status.toString());
        assertFalse(status.live(), status.toString());
        assertFalse(status.ready(), status.toString());
        assertTrue(status.services().get("api").critical());
        eventually(() -> events.has("api", ServiceEvent.GaveUp.class));
    }

    @Test
    void criticalServiceThatGivesUpAfterAFailedExitStopsEveryServiceInReverseOrder() throws InterruptedException {
        Runner runner = chainWithCriticalApi(restarts(RestartPolicy.NEVER, 0), NO_POLLING);
        SupervisionListener events = listen(runner);
        runner.start();

        api.startContext(1).exited(new IOException("api lost its socket"));

        assertRunnerFailedAndStoppedEverything(runner, events);
        assertEquals(ServiceState.FAILED, statusOf(runner, "api").state());
    }

    @Test
    void criticalServiceThatGivesUpAfterFailedChecksStopsEveryServiceInReverseOrder() throws InterruptedException {
        AtomicBoolean broken = new AtomicBoolean();
        api.health(instance -> broken.get() ? Health.down("deadlocked") : Health.up());
        Runner runner = chainWithCriticalApi(restarts(RestartPolicy.NEVER, 0), FAST_CHECKS);
        SupervisionListener events = listen(runner);
        runner.start();
        awaitPassedChecks("api", 1, 1);

        broken.set(true);

        assertRunnerFailedAndStoppedEverything(runner, events);
    }

    @Test
    void criticalServiceThatIsRestartedLeavesTheRunnerLive() {
        Runner runner = chainWithCriticalApi(restarts(RestartPolicy.ON_FAILURE, 1), NO_POLLING);
        runner.start();

        api.startContext(1).exited(new IOException("hiccup"));

        awaitUp(api, 2);
        eventually(() -> statusOf(runner, "api").state() == ServiceState.RUNNING);
        RunnerStatus status = runner.status();
        assertTrue(status.live(), status.toString());
        assertEquals(RunPhase.RUNNING, status.phase());
        assertTrue(runner.isRunning());
        for (TestService s : List.of(db, web, other)) {
            assertEquals(0, s.stops(), s.name());
        }
    }

    @Test
    void parentSeesTheExitOfAChildRunnerFailedByACriticalService() throws InterruptedException {
        Runner parent = runners.create("parent");
        Runner child = runners.create("child");
        child.add(db, NO_POLLING);
        child.add(api, Option.dependsOn("db"), Option.critical(), restarts(RestartPolicy.NEVER, 0), NO_POLLING);
        parent.add(child, restarts(RestartPolicy.NEVER, 0), NO_POLLING);
        parent.add(other, NO_POLLING);
        SupervisionListener parentEvents = listen(parent);
        parent.start();
        // The parent's one check of the child, right after its start, is done before the crash.
        eventually(() -> statusOf(parent, "child").lastCheck() != null);
        IOException crash = new IOException("api lost its socket");

        api.startContext(1).exited(crash);

        assertTrue(child.awaitStopped(BOUND), "the child did not stop by itself; log:\n" + log.dump());
        assertEquals(RunPhase.FAILED, child.status().phase());
        eventually(() -> parentEvents.has("child", ServiceEvent.Exited.class));
        Throwable cause = parentEvents.first("child", ServiceEvent.Exited.class).orElseThrow().cause();
        assertNotNull(cause, "the child's exit is a failure; events:\n" + parentEvents.dump());
        assertTrue(Causes.contains(cause, crash) || Causes.mentions(cause, "api"),
                "the cause names the service or carries its failure: " + Causes.describe(cause));
        eventually(() -> statusOf(parent, "child").state() == ServiceState.FAILED);
        assertTrue(parent.isRunning(), "the child is not critical to the parent");
        assertTrue(parent.status().live());
        assertEquals(0, other.stops());
        for (TestService s : List.of(db, api)) {
            assertEquals(1, s.stops(), s.name() + " stopped exactly once; log:\n" + log.dump());
            assertEquals(List.of(), s.violations(), s.name());
        }
    }
}
