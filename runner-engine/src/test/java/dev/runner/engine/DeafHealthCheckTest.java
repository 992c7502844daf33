package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Health;
import dev.runner.HealthStatus;
import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, Bounds that hold against hostile services: at most one health check of a service is
 * in flight, also when a check ignores interruption (blocked in monitor entry, or swallowing the
 * interrupt); checks resume once it ended; and a stop never waits for a health check.
 */
class DeafHealthCheckTest extends RunnerFixture {

    /** With no restart, a service whose checks fail stays RUNNING and its checks go on. */
    private static final Option NEVER = Option.restartPolicy(RestartPolicy.NEVER);
    /** A check every 20 ms, given up after 100 ms: a pile-up grows fast. */
    private static final Option FAST_CHECKS = Option.healthCheck(Duration.ofMillis(20), Duration.ofMillis(100));

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean deaf = new AtomicBoolean();
    private final CountDownLatch stuck = new CountDownLatch(1);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    /** Runs before the fixture stops the runners, so no check is left stuck. */
    @AfterEach
    void releaseDeafChecks() {
        release.countDown();
    }

    /** A check that, once {@link #deaf} is set, ignores interruption until {@link #release}; counts checks in flight. */
    private Health deafCheck(int instance) {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            if (deaf.get() && release.getCount() > 0) {
                stuck.countDown();
                HostileCalls.awaitDeaf(release, BOUND);
            }
            return Health.up();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void awaitStuck() throws InterruptedException {
        assertTrue(stuck.await(BOUND.toSeconds(), TimeUnit.SECONDS), "no check got stuck; log:\n" + log.dump());
    }

    @Test
    void atMostOneHealthCheckIsInFlightWhileOneIgnoresInterruptionAndChecksResumeAfterIt() throws InterruptedException {
        Runner runner = runners.create("deaf-checks");
        TestService deafService = service("deaf").health(this::deafCheck);
        TestService witness = service("witness");
        runner.add(deafService, NEVER, FAST_CHECKS);
        runner.add(witness, NEVER, FAST_CHECKS);
        runner.start();

        deaf.set(true);
        awaitStuck();
        // The witness is checked at the same interval: each of its checks is a chance the stuck
        // service had to begin another one.
        int witnessChecks = witness.healthCalls();
        eventually(() -> witness.healthCalls() >= witnessChecks + 25);

        assertEquals(1, mostInFlight.get(), "health checks of one service in flight at once while one was stuck");
        int callsWhileStuck = deafService.healthCalls();
        release.countDown();
        eventually(() -> deafService.healthCalls() >= callsWhileStuck + 3);
        assertEquals(1, mostInFlight.get(), "health checks of one service in flight at once");
    }

    @Test
    void healthStatusPolledRepeatedlyBeginsNoCheckWhileOneIsStuck() throws InterruptedException {
        Runner runner = runners.create("deaf-report");
        TestService deafService = service("deaf").health(this::deafCheck);
        runner.add(deafService, NEVER, Option.healthCheck(Duration.ofHours(1), Duration.ofMillis(100)));
        runner.start();
        eventually(() -> deafService.healthCalls() >= 1 && inFlight.get() == 0); // the check right after start

        deaf.set(true);
        for (int poll = 0; poll < 10; poll++) {
            HealthStatus status = assertTimeoutPreemptively(BOUND, runner::healthStatus);
            assertFalse(status.services().get("deaf").healthy(), "a stuck check is no pass: " + status);
        }
        awaitStuck();

        assertEquals(1, mostInFlight.get(), "health checks of one service in flight at once after 10 polls");
        release.countDown();
        eventually(() -> runner.healthStatus().services().get("deaf").healthy());
        assertEquals(1, mostInFlight.get(), "health checks of one service in flight at once");
    }

    @Test
    void stopReturnsNormallyAndPromptlyWhileADeafHealthCheckIsStuck() throws InterruptedException {
        Runner runner = runners.create("stop-past-deaf-check");
        TestService deafService = service("deaf").health(this::deafCheck);
        runner.add(deafService, NEVER, FAST_CHECKS, Option.stopTimeout(Duration.ofSeconds(20)));
        runner.start();
        deaf.set(true);
        awaitStuck();

        BackgroundCall stop = BackgroundCall.start("stop", runner::stop);

        // "A stop never waits for a health check": it returns well within the service's 20 s stop
        // timeout, normally (its stop returned cleanly), while the check is still stuck.
        stop.awaitSuccess(Duration.ofSeconds(10));
        assertEquals(1, release.getCount(), "the check was still stuck when stop returned");
        assertEquals(1, deafService.stops());
        assertTrue(log.find("deaf", 1, Event.Kind.STOPPED).isPresent(), log.dump());
        assertFalse(runner.isRunning());
    }
}
