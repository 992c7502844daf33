package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Health;
import dev.runner.Option;
import dev.runner.Runner;
import dev.runner.ServiceState;
import dev.runner.StartException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, Start: the first failure cancels what is in flight, stops what was started in reverse
 * order, exactly once, and throws StartException naming the service and carrying the cause.
 */
class StartFailureTest extends RunnerFixture {

    /** Asserts that every started instance was stopped exactly once and nothing else was stopped. */
    private void assertEveryStartedServiceStoppedOnce(List<TestService> services) {
        for (TestService s : services) {
            assertEquals(List.of(), s.violations(), s.name());
            assertEquals(s.startsReturned(), s.stops(), s.name() + " starts returned vs stops; log:\n" + log.dump());
        }
    }

    private static void awaitInside(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(30, TimeUnit.SECONDS), "the service never got into its start");
    }

    @Test
    void throwingStartRollsBackTheStartedServicesInReverseOrderAndCancelsTheOthers() {
        Runner runner = runners.create("rollback");
        CountDownLatch slowInside = new CountDownLatch(1);
        CountDownLatch sideStarted = new CountDownLatch(1);
        IOException boom = new IOException("disk on fire");
        TestService a = service("a");
        TestService b = service("b");
        TestService side = service("side").onStart((context, instance) -> sideStarted.countDown());
        TestService c = service("c").onStart((context, instance) -> {
            awaitInside(slowInside);
            awaitInside(sideStarted);
            throw boom;
        });
        TestService slow = service("slow");
        slow.onStart((context, instance) -> {
            slowInside.countDown();
            slow.blockUntilInterrupted(context, instance);
        });
        TestService after = service("after");
        runner.add(a);
        runner.add(b, Option.dependsOn("a"));
        runner.add(side, Option.dependsOn("a"));
        runner.add(c, Option.dependsOn("b"));
        runner.add(slow);
        runner.add(after, Option.dependsOn("c"));

        StartException e = assertThrows(StartException.class, runner::start);
        Event thrown = log.mark("start threw");

        assertEquals("c", e.service());
        assertTrue(Causes.contains(e, boom), "the cause must be carried: " + Causes.describe(e));
        assertTrue(e.getMessage().contains("c"), e.getMessage());
        assertFalse(runner.isRunning());

        assertEquals(1, a.stops());
        assertEquals(1, b.stops());
        assertEquals(0, c.stops(), "a start that threw gets no stop");
        assertEquals(0, slow.stops(), "a start that was interrupted and threw gets no stop");
        assertEquals(0, after.starts(), "a dependent of the failed service never starts");
        assertEveryStartedServiceStoppedOnce(List.of(a, b, side, c, slow, after));

        log.assertBefore(log.get("b", 1, Event.Kind.STOPPED), log.get("a", 1, Event.Kind.STOP_BEGIN));
        if (side.startsReturned() == 1) {
            log.assertBefore(log.get("side", 1, Event.Kind.STOPPED), log.get("a", 1, Event.Kind.STOP_BEGIN));
        }
        log.assertBefore(log.get("a", 1, Event.Kind.STOPPED), thrown);

        Event interrupted = log.get("slow", 1, Event.Kind.INTERRUPTED);
        assertEquals("cancelled=true", interrupted.detail(), "the in-flight start's context must be cancelled");
        log.assertBefore(interrupted, thrown);
    }

    @Test
    void dependentWaitingForAFailedServiceGivesUpAtOnce() {
        Runner runner = runners.create("waiting");
        RuntimeException boom = new IllegalStateException("no config");
        TestService db = service("db").failStart(boom);
        TestService api = service("api");
        runner.add(db);
        runner.add(api, Option.dependsOn("db"));

        StartException e = assertThrows(StartException.class, runner::start);

        assertEquals("db", e.service());
        assertTrue(Causes.contains(e, boom), Causes.describe(e));
        assertEquals(0, api.starts());
        assertEquals(0, db.stops());
        assertEquals(ServiceState.FAILED, runner.healthStatus().services().get("db").state());
    }

    @Test
    void startDeadlineRollsBack() {
        Runner runner = runners.create("deadline");
        TestService a = service("a");
        TestService hang = service("hang").hangInStart();
        TestService waiting = service("waiting");
        runner.add(a);
        runner.add(hang, Option.dependsOn("a"));
        runner.add(waiting, Option.dependsOn("hang"));

        StartException e = assertThrows(StartException.class, () -> runner.start(Duration.ofMillis(500)));

        assertFalse(runner.isRunning());
        assertEquals(1, a.stops());
        assertEquals(0, hang.stops());
        assertEquals(0, waiting.starts());
        assertEquals("cancelled=true", log.get("hang", 1, Event.Kind.INTERRUPTED).detail());
        assertEveryStartedServiceStoppedOnce(List.of(a, hang, waiting));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void interruptingTheCallerOfStartRollsBack() throws InterruptedException {
        Runner runner = runners.create("interrupt");
        CountDownLatch hangInside = new CountDownLatch(1);
        TestService a = service("a");
        TestService hang = service("hang");
        hang.onStart((context, instance) -> {
            hangInside.countDown();
            hang.blockUntilInterrupted(context, instance);
        });
        runner.add(a);
        runner.add(hang, Option.dependsOn("a"));
        BackgroundCall start = BackgroundCall.start("start", runner::start);
        awaitInside(hangInside);

        start.thread().interrupt();

        StartException e = start.awaitFailure(StartException.class, BOUND);
        assertFalse(runner.isRunning());
        assertEquals(1, a.stops());
        assertEquals(0, hang.stops());
        assertTrue(log.has("hang", Event.Kind.INTERRUPTED), "the in-flight start must be interrupted");
        assertEveryStartedServiceStoppedOnce(List.of(a, hang));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void startTimeoutOfOneServiceRollsBackNamingIt() {
        Runner runner = runners.create("timeout");
        TestService a = service("a");
        TestService hang = service("hang").hangInStart();
        TestService other = service("other");
        runner.add(a);
        runner.add(hang, Option.dependsOn("a"), Option.startTimeout(Duration.ofMillis(200)));
        runner.add(other, Option.dependsOn("a"));

        StartException e = assertThrows(StartException.class, runner::start);

        assertEquals("hang", e.service());
        assertEquals("cancelled=true", log.get("hang", 1, Event.Kind.INTERRUPTED).detail());
        assertEquals(1, a.stops());
        assertEquals(0, hang.stops());
        assertEveryStartedServiceStoppedOnce(List.of(a, hang, other));
        log.assertBefore(log.get("other", 1, Event.Kind.STOPPED), log.get("a", 1, Event.Kind.STOP_BEGIN));
        assertFalse(runner.isRunning());
    }

    @Test
    void startTimeoutCoversTheStartDelay() {
        Runner runner = runners.create("delay");
        TestService late = service("late");
        runner.add(service("a"));
        runner.add(late, Option.dependsOn("a"), Option.startDelay(Duration.ofHours(1)),
                Option.startTimeout(Duration.ofMillis(200)));

        StartException e = assertThrows(StartException.class, () -> runner.start(BOUND));

        assertEquals("late", e.service());
        assertEquals(0, late.starts(), "start must not be called when the delay overran the timeout");
    }

    @Test
    void startTimeoutCoversBecomingHealthyWhenOthersDependOnIt() {
        Runner runner = runners.create("unready");
        TestService db = service("db").health(Health.down("warming up"));
        TestService api = service("api");
        runner.add(db, Option.startupGrace(Duration.ofHours(1)), Option.startTimeout(Duration.ofMillis(300)),
                Option.healthCheck(Duration.ofMillis(20), Duration.ofSeconds(1)));
        runner.add(api, Option.dependsOn("db"));

        StartException e = assertThrows(StartException.class, () -> runner.start(BOUND));

        assertEquals("db", e.service());
        assertEquals(1, db.stops(), "db's start returned, so it is stopped once");
        assertEquals(0, api.starts());
        assertEveryStartedServiceStoppedOnce(List.of(db, api));
    }

    @Test
    void startThatReturnsNormallyAfterItsTimeoutCountsAsStartedAndIsStoppedOnce() {
        Runner runner = runners.create("stubborn");
        CountDownLatch mayReturn = new CountDownLatch(1);
        TestService stubborn = service("stubborn").onStart((context, instance) -> {
            // Ignores interruption and returns normally later.
            while (true) {
                try {
                    mayReturn.await();
                    return;
                } catch (InterruptedException ignored) {
                    log.add("stubborn", instance, Event.Kind.INTERRUPTED, "ignored");
                    mayReturn.countDown();
                }
            }
        });
        runner.add(stubborn, Option.startTimeout(Duration.ofMillis(200)));

        StartException e = assertThrows(StartException.class, () -> runner.start(BOUND));

        assertEquals("stubborn", e.service());
        eventually(() -> stubborn.stops() == 1);
        assertEquals(1, stubborn.startsReturned());
        assertEquals(List.of(), stubborn.violations());
        assertFalse(runner.isRunning());
    }

    @Test
    void failedRunnerCanBeStartedAgainOnceTheCauseIsGone() {
        Runner runner = runners.create("retry");
        TestService db = service("db").failStart(new IOException("not yet"));
        TestService api = service("api");
        runner.add(db);
        runner.add(api, Option.dependsOn("db"));
        assertThrows(StartException.class, runner::start);

        db.onStart((context, instance) -> { });
        runner.start();

        assertTrue(runner.isRunning());
        assertEquals(2, db.starts());
        assertEquals(1, db.startsReturned());
        assertEquals(1, api.starts());
    }
}
