package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Health;
import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.RunPhase;
import dev.runner.Runner;
import dev.runner.RunnerStatus;
import dev.runner.ServiceState;
import dev.runner.ServiceStatus;
import dev.runner.StartException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, Version 2, Status: {@code status()} reports what supervision last saw, never runs a
 * check nor waits for a service, and its fields follow the runner through its life.
 */
class RunnerStatusTest extends WatchFixture {

    private static ServiceStatus statusOf(Runner runner, String service) {
        return runner.status().services().get(service);
    }

    /** Adds {@code db} and {@code api}, which depends on it, and returns them. */
    private List<TestService> addDbAndApi(Runner runner, Option... options) {
        TestService db = service("db");
        TestService api = service("api");
        runner.add(db, options);
        runner.add(api, Option.dependsOn("db"));
        return List.of(db, api);
    }

    @Test
    void statusNeitherCallsHealthNorWaitsForAHungCheck() {
        Runner runner = runners.create("hung-check");
        TestService worker = service("worker").health(instance -> {
            awaitQuietly(gate);
            return Health.up();
        });
        // The check right after start hangs, and with these bounds supervision begins no other.
        runner.add(worker, Option.healthCheck(Duration.ofHours(1), Duration.ofHours(1)));
        runner.start();
        eventually(() -> worker.healthCalls() == 1);

        RunnerStatus last = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            RunnerStatus status = null;
            for (int i = 0; i < 50; i++) {
                status = runner.status();
            }
            return status;
        });

        assertEquals(1, worker.healthCalls(), "status() called health()");
        ServiceStatus status = last.services().get("worker");
        assertEquals(ServiceState.RUNNING, status.state());
        assertNull(status.lastCheck(), "no check of the instance has ended");
        assertFalse(status.healthy(), "no check has passed");
    }

    @Test
    void beforeTheFirstStartTheRunnerIsIdleWithEveryServiceNew() {
        Runner runner = runners.create("idle");
        addDbAndApi(runner);

        RunnerStatus status = runner.status();

        assertEquals("idle", status.runner());
        assertEquals(RunPhase.IDLE, status.phase());
        assertFalse(status.started());
        assertFalse(status.ready());
        assertTrue(status.live());
        assertEquals(List.of("db", "api"), List.copyOf(status.services().keySet()), "in the order added");
        for (ServiceStatus service : status.services().values()) {
            assertEquals(ServiceState.NEW, service.state());
            assertFalse(service.healthy());
            assertEquals(0, service.restarts());
            assertNull(service.lastCheck());
            assertNull(service.lastFailure());
            assertNull(service.upSince());
            assertFalse(service.critical());
            assertTrue(service.readiness(), "readiness counts by default");
        }
    }

    @Test
    void whileStartRunsTheRunnerIsStartingAndNotStarted() {
        Runner runner = runners.create("starting");
        List<TestService> services = addDbAndApi(runner);
        services.getFirst().onStart((context, instance) -> awaitQuietly(gate));

        BackgroundCall start = BackgroundCall.start("start", runner::start);
        eventually(() -> log.has("db", Event.Kind.START_BEGIN));

        RunnerStatus status = runner.status();
        assertEquals(RunPhase.STARTING, status.phase());
        assertFalse(status.started());
        assertFalse(status.ready());
        assertEquals(ServiceState.STARTING, status.services().get("db").state());
        assertEquals(ServiceState.WAITING, status.services().get("api").state());

        gate.countDown();
        start.awaitSuccess(BOUND);
        assertEquals(RunPhase.RUNNING, runner.status().phase());
    }

    @Test
    void afterStartTheRunnerIsRunningStartedAndOnceCheckedReady() {
        Runner runner = runners.create("running");
        addDbAndApi(runner, FAST_CHECKS);

        runner.start();

        RunnerStatus status = runner.status();
        assertEquals(RunPhase.RUNNING, status.phase());
        assertTrue(status.started());
        assertTrue(status.live());
        for (ServiceStatus service : status.services().values()) {
            assertEquals(ServiceState.RUNNING, service.state());
            assertNotNull(service.upSince());
        }
        eventually(() -> runner.status().ready());
        eventually(() -> runner.status().services().values().stream().allMatch(s -> s.lastCheck() != null));
        ServiceStatus db = statusOf(runner, "db");
        assertTrue(db.healthy());
        assertNull(db.detail(), "no detail when healthy");
        assertNull(db.lastFailure());
        assertEquals(0, db.restarts());
        // db is checked every 20 ms: lastCheck moves on.
        Instant firstSeen = db.lastCheck();
        eventually(() -> statusOf(runner, "db").lastCheck().isAfter(firstSeen));
    }

    @Test
    void whileStopRunsTheRunnerIsStoppingAndAfterItStopped() {
        Runner runner = runners.create("stopping");
        List<TestService> services = addDbAndApi(runner);
        services.getFirst().onStop((context, instance) -> awaitQuietly(gate));
        runner.start();

        BackgroundCall stop = BackgroundCall.start("stop", runner::stop);
        eventually(() -> log.has("db", Event.Kind.STOP_BEGIN));

        RunnerStatus stopping = runner.status();
        assertEquals(RunPhase.STOPPING, stopping.phase());
        assertFalse(stopping.started(), "started ends when stop begins");
        assertFalse(stopping.ready());
        assertEquals(ServiceState.STOPPING, stopping.services().get("db").state());
        assertEquals(ServiceState.STOPPED, stopping.services().get("api").state());

        gate.countDown();
        stop.awaitSuccess(BOUND);

        RunnerStatus stopped = runner.status();
        assertEquals(RunPhase.STOPPED, stopped.phase());
        assertFalse(stopped.started());
        assertFalse(stopped.ready());
        assertTrue(stopped.live());
        for (ServiceStatus service : stopped.services().values()) {
            assertEquals(ServiceState.STOPPED, service.state());
            assertFalse(service.healthy());
            assertNull(service.upSince(), "no instance runs");
        }
    }

    @Test
    void exitAndRestartCountARestartKeepTheFailureAndMoveUpSince() {
        Runner runner = runners.create("restarts");
        TestService worker = service("worker");
        runner.add(worker, QUICK_RESTARTS, NO_POLLING);
        runner.start();
        eventually(() -> statusOf(runner, "worker").healthy());
        ServiceStatus first = statusOf(runner, "worker");
        assertNull(first.lastFailure());
        assertEquals(0, first.restarts());

        exitFromAnotherThread(worker, 1, new IOException("disk gone"));

        eventually(() -> worker.startsReturned() == 2 && statusOf(runner, "worker").healthy());
        ServiceStatus second = statusOf(runner, "worker");
        assertEquals(ServiceState.RUNNING, second.state());
        assertEquals(1, second.restarts());
        assertTrue(second.lastFailure() != null && second.lastFailure().contains("disk gone"),
                "lastFailure is kept across the restart: " + second.lastFailure());
        assertTrue(second.upSince().isAfter(first.upSince()),
                "upSince is the new instance's: " + first.upSince() + " then " + second.upSince());
    }

    @Test
    void unhealthyServiceGatesReadinessOnlyWhenItsReadinessCounts() {
        Runner runner = runners.create("readiness");
        AtomicBoolean workerBroken = new AtomicBoolean();
        AtomicBoolean apiBroken = new AtomicBoolean();
        Option never = Option.restartPolicy(RestartPolicy.NEVER);
        runner.add(service("worker").health(i -> workerBroken.get() ? Health.down("backlog") : Health.up()),
                never, FAST_CHECKS, Option.readiness(false));
        runner.add(service("api").health(i -> apiBroken.get() ? Health.down("pool exhausted") : Health.up()),
                never, FAST_CHECKS);
        runner.start();
        eventually(() -> runner.status().ready());
        assertFalse(statusOf(runner, "worker").readiness());
        assertTrue(statusOf(runner, "api").readiness());

        workerBroken.set(true);

        eventually(() -> !statusOf(runner, "worker").healthy());
        RunnerStatus withWorkerDown = runner.status();
        ServiceStatus worker = withWorkerDown.services().get("worker");
        assertEquals(ServiceState.RUNNING, worker.state(), "no restart, so it stays running");
        assertTrue(worker.detail() != null && worker.detail().contains("backlog"), worker.toString());
        assertTrue(withWorkerDown.ready(), "worker's readiness does not count");

        apiBroken.set(true);

        eventually(() -> !runner.status().ready());
        RunnerStatus withApiDown = runner.status();
        assertTrue(withApiDown.started());
        assertEquals(RunPhase.RUNNING, withApiDown.phase());
        assertTrue(withApiDown.live(), "a service that is not critical does not fail the runner");
    }

    @Test
    void failedStartEndsStoppedWithTheStartThrowAsLastFailure() {
        Runner runner = runners.create("failed-start");
        runner.add(service("db"));
        runner.add(service("broken").failStart(new IOException("no config")), Option.dependsOn("db"));

        assertThrows(StartException.class, runner::start);

        RunnerStatus status = runner.status();
        assertEquals(RunPhase.STOPPED, status.phase(), "the stop that follows a failed start ends STOPPED");
        assertFalse(status.started());
        assertFalse(status.ready());
        assertEquals(ServiceState.STOPPED, status.services().get("db").state());
        String lastFailure = status.services().get("broken").lastFailure();
        assertTrue(lastFailure != null && lastFailure.contains("no config"), "lastFailure: " + lastFailure);
    }
}
