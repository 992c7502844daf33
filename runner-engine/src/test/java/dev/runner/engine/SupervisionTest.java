package dev.runner.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Health;
import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import dev.runner.ServiceHealth;
import dev.runner.ServiceState;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DESIGN.md, Supervision: exits and failed health checks are failures or clean exits, restarted
 * by policy with backoff, and a service not restarted is stopped at once.
 */
class SupervisionTest extends RunnerFixture {

    private static final Option TINY_BACKOFF = Option.backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0);
    /** Health checks so rare that a reaction to an exit cannot come from polling. */
    private static final Option NO_POLLING = Option.healthCheck(Duration.ofHours(1), Duration.ofSeconds(1));
    private static final Option FAST_CHECKS = Option.healthCheck(Duration.ofMillis(20), Duration.ofSeconds(1));

    private static ServiceHealth healthOf(Runner runner, String name) {
        return runner.healthStatus().services().get(name);
    }

    /** Reports an exit from a thread of the test's own, as a service's background work would. */
    private static void exitFromAnotherThread(TestService service, int instance, Throwable cause) {
        BackgroundCall.start("exit-" + service.name(), () -> service.startContext(instance).exited(cause))
                .awaitSuccess(BOUND);
    }

    /** Asserts that instance {@code n} was stopped exactly once, before instance {@code n + 1} began. */
    private void assertOldInstanceStoppedOnceBeforeTheNew(TestService service, int n) {
        assertEquals(1, log.of(service.name(), Event.Kind.STOP_BEGIN).stream().filter(e -> e.instance() == n).count(),
                service.name() + "/" + n + " stops; log:\n" + log.dump());
        log.assertBefore(log.get(service.name(), n, Event.Kind.STOPPED), log.get(service.name(), n + 1, Event.Kind.START_BEGIN));
    }

    @ParameterizedTest(name = "{0}, exit with failure={1}")
    @CsvSource({
            "NEVER,      false, false, STOPPED",
            "NEVER,      true,  false, FAILED",
            "ON_FAILURE, false, false, STOPPED",
            "ON_FAILURE, true,  true,  RUNNING",
            "ALWAYS,     false, true,  RUNNING",
            "ALWAYS,     true,  true,  RUNNING",
    })
    void exitIsHandledByTheRestartPolicy(RestartPolicy policy, boolean failure, boolean restarted, ServiceState finalState) {
        Runner runner = runners.create("exit-" + policy + "-" + failure);
        TestService worker = service("worker");
        TestService bystander = service("bystander");
        runner.add(worker, Option.restartPolicy(policy), TINY_BACKOFF, NO_POLLING);
        runner.add(bystander);
        runner.start();

        exitFromAnotherThread(worker, 1, failure ? new IOException("connection lost") : null);

        if (restarted) {
            eventually(() -> worker.startsReturned() == 2
                    && healthOf(runner, "worker").state() == ServiceState.RUNNING);
            assertOldInstanceStoppedOnceBeforeTheNew(worker, 1);
            ServiceHealth health = healthOf(runner, "worker");
            assertEquals(1, health.restarts());
            assertTrue(health.running());
            assertTrue(health.healthy());
        } else {
            eventually(() -> healthOf(runner, "worker").state() == finalState);
            assertEquals(1, worker.stops(), "a service that exited and is not restarted is stopped at once");
            ServiceHealth health = healthOf(runner, "worker");
            assertEquals(0, health.restarts());
            assertFalse(health.running());
            assertFalse(health.healthy());
            assertFalse(runner.health().healthy(), "the runner's health shows it");
            assertTrue(runner.health().detail().contains("worker"), runner.health().detail());
        }
        assertEquals(0, bystander.stops(), "other services are not touched");

        runner.stop();

        assertEquals(restarted ? 2 : 1, worker.starts());
        assertEquals(worker.startsReturned(), worker.stops(), "every returned start gets exactly one stop");
        assertEquals(List.of(), worker.violations());
    }

    @Test
    void retriesUsedUpLeaveTheServiceFailed() {
        Runner runner = runners.create("retries");
        TestService worker = service("worker");
        runner.add(worker, Option.restartPolicy(RestartPolicy.ON_FAILURE), Option.maxRetries(2), TINY_BACKOFF, NO_POLLING);
        runner.start();

        for (int instance = 1; instance <= 3; instance++) {
            int current = instance;
            eventually(() -> worker.startsReturned() == current
                    && healthOf(runner, "worker").state() == ServiceState.RUNNING);
            assertEquals(current - 1, healthOf(runner, "worker").restarts(), "restarts so far");
            worker.startContext(current).exited(new IOException("crash " + current));
        }

        eventually(() -> healthOf(runner, "worker").state() == ServiceState.FAILED);
        ServiceHealth health = healthOf(runner, "worker");
        assertEquals(2, health.restarts());
        assertFalse(health.healthy());
        assertNotNull(health.error());
        assertEquals(3, worker.starts());
        assertEquals(3, worker.stops());
        assertOldInstanceStoppedOnceBeforeTheNew(worker, 1);
        assertOldInstanceStoppedOnceBeforeTheNew(worker, 2);
        assertEquals(List.of(), worker.violations());
    }

    @Test
    void laterExitsOnTheSameContextAreIgnored() {
        Runner runner = runners.create("first-wins");
        TestService worker = service("worker");
        runner.add(worker, Option.restartPolicy(RestartPolicy.ALWAYS), TINY_BACKOFF, NO_POLLING);
        runner.start();

        worker.startContext(1).exited(new IOException("first"));
        worker.startContext(1).exited(new IOException("second"));
        eventually(() -> worker.startsReturned() == 2
                && healthOf(runner, "worker").state() == ServiceState.RUNNING);
        worker.startContext(1).exited(null);
        await().during(Duration.ofMillis(300)).atMost(BOUND).until(() -> worker.starts() == 2);

        assertEquals(1, healthOf(runner, "worker").restarts());
        runner.stop();
        assertEquals(2, worker.stops());
        assertEquals(List.of(), worker.violations());
    }

    @Test
    void failingHealthCheckRestartsTheServiceByPolicy() {
        Runner runner = runners.create("health-restart");
        AtomicBoolean broken = new AtomicBoolean();
        TestService worker = service("worker")
                .health(instance -> instance == 1 && broken.get() ? Health.down("stuck") : Health.up());
        runner.add(worker, Option.restartPolicy(RestartPolicy.ON_FAILURE), TINY_BACKOFF, FAST_CHECKS);
        runner.start();

        broken.set(true);

        eventually(() -> worker.startsReturned() == 2
                && healthOf(runner, "worker").state() == ServiceState.RUNNING);
        assertOldInstanceStoppedOnceBeforeTheNew(worker, 1);
        ServiceHealth health = healthOf(runner, "worker");
        assertEquals(1, health.restarts());
        assertTrue(health.healthy());
        assertNull(health.error());
    }

    @Test
    void withNeverAFailingHealthCheckLeavesTheServiceRunningUnhealthyUntilItPasses() {
        Runner runner = runners.create("health-never");
        AtomicBoolean broken = new AtomicBoolean();
        TestService worker = service("worker").health(instance -> broken.get() ? Health.down("stuck") : Health.up());
        runner.add(worker, Option.restartPolicy(RestartPolicy.NEVER), FAST_CHECKS);
        runner.start();

        broken.set(true);
        // Supervision has seen the failure several times over.
        eventually(() -> log.of("worker", Event.Kind.HEALTH).stream()
                .filter(h -> h.detail().startsWith("down")).count() >= 5);

        ServiceHealth sick = healthOf(runner, "worker");
        assertEquals(ServiceState.RUNNING, sick.state());
        assertTrue(sick.running());
        assertFalse(sick.healthy());
        assertTrue(sick.error().contains("stuck"), sick.error());
        assertEquals(1, worker.starts());
        assertEquals(0, worker.stops());

        broken.set(false);

        eventually(() -> healthOf(runner, "worker").healthy());
        assertNull(healthOf(runner, "worker").error());
        assertEquals(ServiceState.RUNNING, healthOf(runner, "worker").state());
        assertTrue(runner.health().healthy());
        assertEquals(1, worker.starts());
    }

    @Test
    void failingHealthChecksWithNoRetryLeftLeaveTheServiceRunningUnhealthy() {
        Runner runner = runners.create("health-retries");
        AtomicBoolean broken = new AtomicBoolean();
        TestService worker = service("worker").health(instance -> broken.get() ? Health.down("stuck") : Health.up());
        runner.add(worker, Option.restartPolicy(RestartPolicy.ON_FAILURE), Option.maxRetries(1), TINY_BACKOFF, FAST_CHECKS);
        runner.start();

        broken.set(true);
        eventually(() -> worker.startsReturned() == 2);
        eventually(() -> log.of("worker", Event.Kind.HEALTH).stream()
                .filter(h -> h.instance() == 2 && h.detail().startsWith("down")).count() >= 5);

        ServiceHealth sick = healthOf(runner, "worker");
        assertEquals(ServiceState.RUNNING, sick.state());
        assertEquals(1, sick.restarts());
        assertFalse(sick.healthy());
        assertEquals(2, worker.starts());
        assertEquals(1, worker.stops());

        broken.set(false);
        eventually(() -> healthOf(runner, "worker").healthy());
        assertEquals(2, worker.starts());
    }

    @Test
    void failedChecksWithinTheStartupGraceAreNotFailuresButAfterBeingHealthyTheyAre() {
        Runner runner = runners.create("grace");
        AtomicBoolean healthy = new AtomicBoolean(false);
        TestService worker = service("worker").health(instance -> instance > 1 || healthy.get() ? Health.up() : Health.down("warming up"));
        runner.add(worker, Option.restartPolicy(RestartPolicy.ON_FAILURE), TINY_BACKOFF, FAST_CHECKS,
                Option.startupGrace(Duration.ofHours(1)));
        runner.start();

        eventually(() -> log.of("worker", Event.Kind.HEALTH).stream()
                .filter(h -> h.detail().startsWith("down")).count() >= 5);
        assertEquals(1, worker.starts(), "within the grace, down means not ready yet");
        assertEquals(0, worker.stops());

        healthy.set(true);
        // Supervision's own checks (not healthStatus's, which this wait does not call) saw it up.
        eventually(() -> log.of("worker", Event.Kind.HEALTH).stream().filter(h -> h.detail().equals("up")).count() >= 3);
        worker.health(instance -> instance > 1 ? Health.up() : Health.down("broke after being healthy"));

        eventually(() -> worker.startsReturned() == 2);
        assertOldInstanceStoppedOnceBeforeTheNew(worker, 1);
    }

    @Test
    void stopCutsTheBackoffShort() {
        Runner runner = runners.create("backoff");
        TestService worker = service("worker");
        runner.add(worker, Option.restartPolicy(RestartPolicy.ON_FAILURE),
                Option.backoff(Duration.ofHours(1), Duration.ofHours(1), 1.0), NO_POLLING);
        runner.start();
        worker.startContext(1).exited(new IOException("crash"));
        eventually(() -> healthOf(runner, "worker").state() == ServiceState.BACKING_OFF);

        BackgroundCall stop = BackgroundCall.start("stop", runner::stop);

        stop.awaitSuccess(Duration.ofSeconds(10));
        assertEquals(1, worker.starts());
        assertEquals(1, worker.stops(), "the old instance is stopped exactly once");
        assertFalse(runner.isRunning());
        assertEquals(List.of(), worker.violations());
    }
}
