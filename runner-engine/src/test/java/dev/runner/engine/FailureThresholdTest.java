package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runner.Health;
import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, version 2, Supervision: a running service fails after {@code failureThreshold}
 * consecutive failed checks; a passed check resets the count; checks within the startup grace do
 * not count; the default is 1 for a service checked by its own {@code health()} alone and 3 for a
 * service with probes.
 *
 * <p>Health results are lined up with a {@link HealthScript}, so a test knows which checks fail
 * whenever the runner makes them. That no restart happened is shown by waiting for several passed
 * checks after the last failed one: a restart after a 10 ms backoff would have stopped the
 * instance long before. Only {@code healthStatus()} would run extra checks, and these tests never
 * call it.
 */
class FailureThresholdTest extends SupervisionFixture {

    /** Passed checks to wait for after the last failed one before concluding nothing restarted. */
    private static final int SETTLE_CHECKS = 5;
    private static final Duration GRACE = Duration.ofMillis(500);
    /** How far from the grace's end a check must be; far more than a check takes on a busy machine. */
    private static final Duration GRACE_MARGIN = Duration.ofMillis(100);

    private final HealthScript script = new HealthScript();
    private final TestService worker = service("worker").health(instance -> script.next());

    /** Starts {@link #worker}, whose checks follow {@link #script}, with threshold 3, and waits for its first passed check. */
    private void startWorkerWithThresholdThree() {
        runnerWith(worker, Option.failureThreshold(3), FAST_CHECKS, restarts(RestartPolicy.ON_FAILURE, 5));
        awaitPassedChecks("worker", 1, 1);
    }

    private Runner runnerWith(TestService service, Option... options) {
        Runner runner = runners.create("threshold-" + service.name());
        runner.add(service, options);
        runner.start();
        return runner;
    }

    private void assertNotRestarted(TestService service) {
        assertEquals(1, service.starts(), "starts; log:\n" + log.dump());
        assertEquals(0, service.stops(), "stops; log:\n" + log.dump());
    }

    @Test
    void failedChecksInARowFewerThanTheThresholdDoNotRestart() {
        startWorkerWithThresholdThree();

        script.fail("blip 1", "blip 2");
        Event lastFailure = awaitCheck("worker", "down: blip 2");
        awaitPassedChecksAfter("worker", lastFailure, SETTLE_CHECKS);

        assertNotRestarted(worker);
    }

    @Test
    void asManyFailedChecksInARowAsTheThresholdRestart() {
        startWorkerWithThresholdThree();

        script.fail("blip 1", "blip 2", "blip 3");

        eventually(() -> worker.startsReturned() == 2);
        Event third = log.of("worker", Event.Kind.HEALTH).stream()
                .filter(e -> e.detail().equals("down: blip 3") && e.instance() == 1).findFirst()
                .orElseThrow(() -> new AssertionError("restarted before the third failed check; log:\n" + log.dump()));
        log.assertBefore(third, log.get("worker", 1, Event.Kind.STOP_BEGIN));
        assertEquals(List.of(), worker.violations());
    }

    @Test
    void aPassedCheckResetsTheCountOfFailedChecks() {
        startWorkerWithThresholdThree();

        // Four failures out of five checks, but never three in a row.
        script.fail("a 1", "a 2").pass().fail("b 1", "b 2");
        Event lastFailure = awaitCheck("worker", "down: b 2");
        awaitPassedChecksAfter("worker", lastFailure, SETTLE_CHECKS);

        assertNotRestarted(worker);
    }

    @Test
    void failedChecksWithinTheStartupGraceDoNotCount() {
        HealthScript afterGrace = new HealthScript().fail("late 1", "late 2");
        TestService warming = service("warming").health(instance -> acrossTheGrace(instance, afterGrace));
        runnerWith(warming, Option.failureThreshold(3), Option.startupGrace(GRACE), FAST_CHECKS,
                restarts(RestartPolicy.ON_FAILURE, 5));

        Event lastFailure = awaitCheck("warming", "down: late 2");
        awaitPassedChecksAfter("warming", lastFailure, SETTLE_CHECKS);

        long warmingUp = log.of("warming", Event.Kind.HEALTH).stream()
                .filter(e -> e.detail().equals("down: warming up")).count();
        assumeTrue(warmingUp >= 1, "no check landed within the grace, so the case did not arise; log:\n" + log.dump());
        assertNotRestarted(warming);
    }

    /**
     * The health of the {@code warming} service: down ("warming up") for checks made well within
     * {@link #GRACE}, by the test's clock from when its start returned (the runner's grace starts
     * a little later still); then what {@code afterGrace} says. A check made near the grace's end
     * is held until {@link #GRACE_MARGIN} after it, so no check straddles the end: whether the
     * runner places a check by when it began or when its result came, the warming-up ones are
     * within the grace and the ones after are not.
     */
    private Health acrossTheGrace(int instance, HealthScript afterGrace) {
        Event started = log.find("warming", instance, Event.Kind.STARTED).orElse(null);
        long since = started == null ? 0 : System.nanoTime() - started.nanos();
        if (started == null || since < GRACE.minus(GRACE_MARGIN).toNanos()) {
            return Health.down("warming up");
        }
        long end = started.nanos() + GRACE.plus(GRACE_MARGIN).toNanos();
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        return afterGrace.next();
    }

    @Test
    void aServiceCheckedByItsOwnHealthAloneRestartsAfterOneFailedCheckByDefault() {
        Runner runner = runnerWith(worker, FAST_CHECKS, restarts(RestartPolicy.ON_FAILURE, 5));
        assertEquals(1, runner.config("worker").orElseThrow().failureThreshold());
        awaitPassedChecks("worker", 1, 1);

        script.fail("broken");

        eventually(() -> worker.startsReturned() == 2);
        log.assertBefore(awaitCheck("worker", "down: broken"), log.get("worker", 1, Event.Kind.STOP_BEGIN));
        assertEquals(List.of(), worker.violations());
    }

    @Test
    void aServiceWithAProbeRestartsOnlyAfterThreeFailedChecksByDefault() {
        HealthScript probeScript = new HealthScript();
        TestService db = service("db");
        Runner runner = runnerWith(db, Option.probe(new ScriptedProbe("db-probe", probeScript, log)), FAST_CHECKS,
                restarts(RestartPolicy.ON_FAILURE, 5));
        assertEquals(3, runner.config("db").orElseThrow().failureThreshold());
        awaitCheck("db-probe", "up");

        probeScript.fail("blip 1", "blip 2");
        Event second = awaitCheck("db-probe", "down: blip 2");
        awaitPassedChecksAfter("db-probe", second, SETTLE_CHECKS);
        assertNotRestarted(db);

        probeScript.fail("down 1", "down 2", "down 3");

        eventually(() -> db.startsReturned() == 2);
        log.assertBefore(awaitCheck("db-probe", "down: down 3"), log.get("db", 1, Event.Kind.STOP_BEGIN));
        assertEquals(List.of(), db.violations());
    }

    @Test
    void anExplicitThresholdOverridesTheDefaultOfAServiceWithAProbe() {
        Runner runner = runners.create("explicit");
        runner.add(service("db"), Option.failureThreshold(1), Option.probe(new ScriptedProbe("db-probe", new HealthScript(), log)));
        runner.add(service("cache"), Option.probe(new ScriptedProbe("cache-probe", new HealthScript(), log)), Option.failureThreshold(5));

        assertEquals(1, runner.config("db").orElseThrow().failureThreshold());
        assertEquals(5, runner.config("cache").orElseThrow().failureThreshold());
    }
}
