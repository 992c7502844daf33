package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Health;
import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import dev.runner.RunnerStatus;
import dev.runner.ServiceState;
import dev.runner.ServiceStatus;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, version 2, Status: {@code ready} means started, and every service with
 * {@code readiness(true)} (the default) is {@code RUNNING} with its last check passed; a
 * background service with {@code readiness(false)} does not gate it, and its health still shows
 * in {@code status().services()}.
 */
class ReadinessTest extends SupervisionFixture {

    /**
     * Starts {@code web} (healthy) and {@code worker} (always unhealthy, never restarted) with the
     * worker's options, and waits for a status in which both were checked at least once.
     */
    private RunnerStatus statusOnceBothWereChecked(Option... workerOptions) {
        Runner runner = runners.create("readiness");
        TestService worker = service("worker").health(Health.down("queue backlog"));
        runner.add(service("web"), FAST_CHECKS);
        runner.add(worker, workerOptions);
        runner.start();
        AtomicReference<RunnerStatus> seen = new AtomicReference<>();
        eventually(() -> {
            RunnerStatus status = runner.status();
            seen.set(status);
            return status.services().get("web").healthy() && status.services().get("worker").lastCheck() != null;
        });
        return seen.get();
    }

    @Test
    void unhealthyServiceWithReadinessFalseLeavesTheRunnerReady() {
        RunnerStatus status = statusOnceBothWereChecked(Option.readiness(false),
                restarts(RestartPolicy.NEVER, 0), FAST_CHECKS);

        assertTrue(status.started(), status.toString());
        assertTrue(status.ready(), "the worker does not gate readiness: " + status);
        ServiceStatus worker = status.services().get("worker");
        assertFalse(worker.readiness());
        assertEquals(ServiceState.RUNNING, worker.state());
        assertFalse(worker.healthy(), "its health still shows: " + worker);
        assertTrue(worker.detail().contains("queue backlog"), worker.toString());
        assertTrue(status.services().get("web").readiness());
    }

    @Test
    void unhealthyServiceThatCountsForReadinessMakesTheRunnerNotReady() {
        RunnerStatus status = statusOnceBothWereChecked(restarts(RestartPolicy.NEVER, 0), FAST_CHECKS);

        assertTrue(status.started(), status.toString());
        assertFalse(status.ready(), "the unhealthy worker gates readiness by default: " + status);
        assertTrue(status.services().get("worker").readiness());
        assertFalse(status.services().get("worker").healthy());
    }
}
