package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Health;
import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.RunPhase;
import dev.runner.Runner;
import dev.runner.RunnerStatus;
import dev.runner.ServiceEvent;
import dev.runner.ServiceState;
import dev.runner.ServiceStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, version 2, Events and Supervision: a failure that finds no restart left emits
 * {@code GaveUp}; after a failed exit the service stops and ends {@code FAILED}, after failed
 * checks it stays {@code RUNNING} and unhealthy; a clean exit that is not restarted is no giving
 * up; without {@code critical()} the other services keep running.
 */
class GiveUpTest extends SupervisionFixture {

    private final TestService worker = service("worker");
    private SupervisionListener events;

    /** Starts a runner of {@link #worker} alone, added with the options, listens to it, and waits for the worker to be up. */
    private Runner startWorker(Option... options) {
        Runner runner = runners.create("give-up");
        runner.add(worker, options);
        events = listen(runner);
        runner.start();
        awaitUp(worker, 1);
        return runner;
    }

    /** Returns the types of the worker's events from its last {@code Exited} on. */
    private List<String> workerEventsFromLastExit() {
        List<String> kinds = events.kinds("worker");
        return kinds.subList(kinds.lastIndexOf("Exited"), kinds.size());
    }

    @Test
    void failedExitWithNoRestartLeftEmitsGaveUpAndEndsTheServiceFailed() {
        Runner runner = startWorker(restarts(RestartPolicy.ON_FAILURE, 1), NO_POLLING);
        worker.startContext(1).exited(new IOException("first crash"));
        awaitUp(worker, 2);
        IOException last = new IOException("disk gone");

        worker.startContext(2).exited(last);

        eventually(() -> statusOf(runner, "worker").state() == ServiceState.FAILED
                && events.of("worker", ServiceEvent.Stopped.class).size() == 2);
        assertEquals(List.of("Exited", "GaveUp", "Stopping", "Stopped"), workerEventsFromLastExit(), events.dump());
        ServiceEvent.GaveUp gaveUp = events.first("worker", ServiceEvent.GaveUp.class).orElseThrow();
        assertTrue(Causes.contains(gaveUp.cause(), last), "GaveUp carries the failure: " + Causes.describe(gaveUp.cause()));
        ServiceStatus status = statusOf(runner, "worker");
        assertFalse(status.healthy());
        assertEquals(1, status.restarts());
        assertTrue(status.lastFailure().contains("disk gone"), status.toString());
        assertNull(status.upSince(), "no instance runs");
        assertEquals(2, worker.starts());
        assertEquals(2, worker.stops());
        assertEquals(List.of(), worker.violations());
    }

    @Test
    void cleanExitThatIsNotRestartedIsNoGivingUp() {
        Runner runner = startWorker(restarts(RestartPolicy.ON_FAILURE, 1), NO_POLLING);

        worker.startContext(1).exited(null);

        // GaveUp would come before the stop, and a listener gets a service's events in order.
        eventually(() -> events.has("worker", ServiceEvent.Stopped.class));
        assertEquals(List.of("Exited", "Stopping", "Stopped"), workerEventsFromLastExit(), events.dump());
        assertNull(events.first("worker", ServiceEvent.Exited.class).orElseThrow().cause());
        assertEquals(ServiceState.STOPPED, statusOf(runner, "worker").state());
        assertEquals(1, worker.stops());
    }

    @Test
    void failedChecksWithNoRestartLeftEmitGaveUpAndLeaveTheServiceRunningUnhealthy() {
        AtomicBoolean broken = new AtomicBoolean();
        worker.health(instance -> broken.get() ? Health.down("stuck") : Health.up());
        Runner runner = startWorker(restarts(RestartPolicy.NEVER, 0), FAST_CHECKS);
        awaitPassedChecks("worker", 1, 1);

        broken.set(true);

        eventually(() -> events.has("worker", ServiceEvent.GaveUp.class));
        List<String> kinds = events.kinds("worker");
        assertTrue(kinds.indexOf("Unhealthy") >= 0 && kinds.indexOf("Unhealthy") < kinds.indexOf("GaveUp"), events.dump());
        // Checks go on at the interval after giving up; the service is left as it is.
        Event later = awaitCheck("worker", "down: stuck");
        awaitChecksAfter(later, 3);
        ServiceStatus status = statusOf(runner, "worker");
        assertEquals(ServiceState.RUNNING, status.state());
        assertFalse(status.healthy());
        assertTrue(status.detail().contains("stuck"), status.toString());
        assertEquals(1, worker.starts());
        assertEquals(0, worker.stops());
    }

    @Test
    void giveUpOnAServiceThatIsNotCriticalLeavesTheOtherServicesRunningAndTheRunnerLive() throws InterruptedException {
        Runner runner = runners.create("not-critical");
        TestService db = service("db");
        TestService api = service("api");
        runner.add(db, NO_POLLING);
        runner.add(api, Option.dependsOn("db"), NO_POLLING);
        runner.add(worker, restarts(RestartPolicy.NEVER, 0), NO_POLLING);
        events = listen(runner);
        runner.start();
        awaitUp(worker, 1);

        worker.startContext(1).exited(new IOException("crash"));

        eventually(() -> events.has("worker", ServiceEvent.GaveUp.class)
                && statusOf(runner, "worker").state() == ServiceState.FAILED);
        assertFalse(runner.awaitStopped(Duration.ofMillis(100)), "the runner goes on");
        RunnerStatus status = runner.status();
        assertTrue(status.live(), status.toString());
        assertEquals(RunPhase.RUNNING, status.phase());
        assertTrue(runner.isRunning());
        for (TestService other : List.of(db, api)) {
            assertEquals(ServiceState.RUNNING, status.services().get(other.name()).state(), other.name());
            assertEquals(0, other.stops(), other.name());
            assertTrue(other.isUp(), other.name());
        }
        assertFalse(events.has("db", ServiceEvent.Stopping.class), events.dump());
        assertFalse(events.has("api", ServiceEvent.Stopping.class), events.dump());
    }
}
