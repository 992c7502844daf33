package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Option;
import dev.runner.Runner;
import dev.runner.StartException;
import dev.runner.StopException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, Bounds that hold against hostile services, and Stop: every caller of {@code stop} or
 * {@code start} is bounded by its own deadline; stops under a caller's deadline share it fairly;
 * and {@code stop} returns only after the stop calls it interrupted have ended.
 */
class CallerDeadlineTest extends RunnerFixture {

    /** Above a caller's deadline, what a busy two-core machine may add before the call returns. */
    private static final Duration MARGIN = Duration.ofSeconds(3);
    /** Longer than any test here waits: only a caller's deadline can cut a stop short. */
    private static final Option LONG_STOP_TIMEOUT = Option.stopTimeout(Duration.ofSeconds(20));

    private final CountDownLatch release = new CountDownLatch(1);

    /** Runs before the fixture stops the runners, so no stop is left waiting. */
    @AfterEach
    void releaseHungStops() {
        release.countDown();
    }

    /** A stop that waits for the test's release; it honours interruption. */
    private TestService hungInStop(String name) {
        return service(name).onStop((context, instance) -> release.await());
    }

    @Test
    void secondStopCallerReturnsByItsOwnDeadline() {
        Runner runner = runners.create("second-caller");
        runner.add(hungInStop("hung"), LONG_STOP_TIMEOUT);
        runner.add(service("quick"));
        runner.start();
        BackgroundCall first = BackgroundCall.start("first-stop", runner::stop);
        eventually(() -> log.has("hung", Event.Kind.STOP_BEGIN));

        Duration deadline = Duration.ofMillis(300);
        BackgroundCall second = BackgroundCall.start("second-stop", () -> runner.stop(deadline));

        Throwable outcome = second.awaitOutcome(deadline.plus(MARGIN));
        if (outcome != null) {
            StopException e = assertInstanceOf(StopException.class, outcome, "the second caller threw something else");
            assertTrue(e.getMessage().contains("hung"), "it should name what is still stopping: " + e.getMessage());
        }
        release.countDown(); // hung was still stopping when the second caller returned: its stop ends only now
        Throwable firstOutcome = first.awaitOutcome(BOUND);
        if (firstOutcome != null) {
            assertInstanceOf(StopException.class, firstOutcome, "the first caller threw something else");
        }
        assertFalse(runner.isRunning());
    }

    @Test
    void rollbackOfAFailedStartEndsByTheStartsDeadline() {
        Runner runner = runners.create("rollback-deadline");
        runner.add(hungInStop("stuck"), LONG_STOP_TIMEOUT);
        runner.add(service("failing").failStart(new IOException("injected failure of failing")), Option.dependsOn("stuck"));
        Duration deadline = Duration.ofSeconds(1);

        BackgroundCall start = BackgroundCall.start("start", () -> runner.start(deadline));

        StartException e = start.awaitFailure(StartException.class, deadline.plus(MARGIN));
        assertEquals("failing", e.service(), Causes.describe(e));
        assertTrue(log.has("stuck", Event.Kind.STOP_BEGIN), "the rollback began stopping stuck; log:\n" + log.dump());
        release.countDown();
        // Its stop was interrupted at the deadline, or allowed to go on; either way it ends.
        eventually(() -> (log.has("stuck", Event.Kind.STOPPED) || log.has("stuck", Event.Kind.STOP_FAILED)) && !runner.isRunning());
    }

    @Test
    void oneHungStopLeavesItsDependencyTimeToStopCleanlyWithinTheCallersDeadline() {
        Runner runner = runners.create("fair-share");
        Map<String, Object> seenByDbStop = new ConcurrentHashMap<>();
        TestService db = service("db").onStop((context, instance) -> {
            seenByDbStop.put("cancelled", context.isCancelled());
            seenByDbStop.put("deadline in the future", context.deadline().map(d -> d.isAfter(Instant.now())).orElse(false));
            Thread.sleep(50); // closing a pool takes a moment
        });
        runner.add(db);
        runner.add(hungInStop("api"), Option.dependsOn("db"), LONG_STOP_TIMEOUT);
        runner.start();

        StopException e = assertThrows(StopException.class, () -> runner.stop(Duration.ofSeconds(1)));
        Event returned = log.mark("stop returned");

        assertEquals(Set.of("api"), e.failures().keySet(), "only the hung dependent failed to stop: " + e.getMessage());
        assertEquals(false, seenByDbStop.get("cancelled"), "db's stop came with its context already cancelled");
        assertEquals(true, seenByDbStop.get("deadline in the future"), "db's stop came with its deadline passed");
        log.assertBefore(log.get("db", 1, Event.Kind.STOPPED), returned);
    }

    @Test
    void stopReturnsOnlyAfterInterruptedStopCallsThatTakeAMomentToEndHaveEnded() {
        // Each round: stops that overrun their timeout and, when interrupted, take 50 ms they
        // cannot skip (flushing a buffer) before they end. They honour interruption, so stop
        // must not return before they ended.
        for (int round = 0; round < 5; round++) {
            Runner runner = runners.create("interrupted-stops-" + round);
            List<TestService> services = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                TestService slow = service("slow" + round + "-" + i).onStop((context, instance) -> {
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        HostileCalls.busyWait(Duration.ofMillis(50));
                        throw e;
                    }
                });
                services.add(slow);
                runner.add(slow, Option.stopTimeout(Duration.ofMillis(100)));
            }
            runner.start();

            assertThrows(StopException.class, runner::stop);
            Event returned = log.mark("stop returned");

            for (TestService slow : services) {
                assertTrue(log.find(slow.name(), 1, Event.Kind.STOP_FAILED).filter(e -> e.seq() < returned.seq()).isPresent(),
                        "round " + round + ": " + slow.name() + "'s interrupted stop call was still running when stop returned; log:\n"
                                + log.dump());
            }
        }
    }
}
