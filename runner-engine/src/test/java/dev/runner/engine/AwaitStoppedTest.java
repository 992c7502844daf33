package dev.runner.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Option;
import dev.runner.Runner;
import dev.runner.StartException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, version 2, Supervision and {@code Runner.awaitStopped}: it blocks until the runner is
 * not running (its stop ended or its start failed) and returns at once when it is not running;
 * with a timeout it returns false when the time runs out first.
 */
class AwaitStoppedTest extends SupervisionFixture {

    /** Far longer than any wait here; a call that should return at once gets this as its bound. */
    private static final Duration AT_ONCE = Duration.ofSeconds(5);

    private final TestService db = service("db");
    private final TestService api = service("api");

    private Runner twoServices() {
        Runner runner = runners.create("await");
        runner.add(db);
        runner.add(api, Option.dependsOn("db"));
        return runner;
    }

    /** Calls {@code awaitStopped} on a thread of its own, which marks the log when the call returned. */
    private BackgroundCall awaitStoppedInTheBackground(Runner runner) {
        return BackgroundCall.start("await", () -> {
            runner.awaitStopped();
            log.mark("awaitStopped returned");
        });
    }

    /** Asserts that the call goes on for a while: it does not return while the runner runs. */
    private static void assertStillWaiting(BackgroundCall call) {
        try {
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !call.isDone());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("awaitStopped ended while the runner runs, throwing " + call.awaitOutcome(BOUND), e);
        }
    }

    @Test
    void awaitStoppedReturnsAtOnceWhenTheRunnerWasNeverStarted() {
        Runner runner = twoServices();

        assertTimeoutPreemptively(AT_ONCE, () -> runner.awaitStopped());
        assertTrue(assertTimeoutPreemptively(AT_ONCE, () -> runner.awaitStopped(Duration.ofHours(1))));
    }

    @Test
    void awaitStoppedReturnsAtOnceAfterTheRunnerStopped() {
        Runner runner = twoServices();
        runner.start();
        runner.stop();

        assertTimeoutPreemptively(AT_ONCE, () -> runner.awaitStopped());
        assertTrue(assertTimeoutPreemptively(AT_ONCE, () -> runner.awaitStopped(Duration.ofHours(1))));
    }

    @Test
    void awaitStoppedReturnsOnceAStopFromAnotherThreadEnded() {
        Runner runner = twoServices();
        runner.start();
        BackgroundCall waiter = awaitStoppedInTheBackground(runner);
        assertStillWaiting(waiter);

        BackgroundCall.start("stop", runner::stop).awaitSuccess(BOUND);

        waiter.awaitSuccess(BOUND);
        Event returned = log.of("test", Event.Kind.MARK).getFirst();
        log.assertBefore(log.get("db", 1, Event.Kind.STOPPED), returned);
        log.assertBefore(log.get("api", 1, Event.Kind.STOPPED), returned);
        assertFalse(runner.isRunning());
    }

    @Test
    void awaitStoppedWithATimeoutReturnsFalseWhileTheRunnerRuns() throws InterruptedException {
        Runner runner = twoServices();
        runner.start();

        assertFalse(assertTimeoutPreemptively(AT_ONCE, () -> runner.awaitStopped(Duration.ofMillis(50))));
        assertTrue(runner.isRunning());

        runner.stop();
        assertTrue(runner.awaitStopped(Duration.ofMillis(50)));
    }

    @Test
    void awaitStoppedReturnsWhenTheStartFails() {
        Runner runner = runners.create("await-failed-start");
        CountDownLatch fail = new CountDownLatch(1);
        runner.add(db);
        runner.add(service("broken").onStart((context, instance) -> {
            fail.await();
            throw new IOException("no config");
        }), Option.dependsOn("db"));
        BackgroundCall start = BackgroundCall.start("start", runner::start);
        eventually(() -> log.has("broken", Event.Kind.START_BEGIN));
        BackgroundCall waiter = awaitStoppedInTheBackground(runner);
        assertStillWaiting(waiter);

        fail.countDown();

        start.awaitFailure(StartException.class, BOUND);
        waiter.awaitSuccess(BOUND);
        log.assertBefore(log.get("db", 1, Event.Kind.STOPPED), log.of("test", Event.Kind.MARK).getFirst());
    }

    @Test
    void awaitStoppedThrowsInterruptedExceptionWhenTheWaitingThreadIsInterrupted() {
        Runner runner = twoServices();
        runner.start();
        BackgroundCall waiter = BackgroundCall.start("await", runner::awaitStopped);

        waiter.thread().interrupt();

        waiter.awaitFailure(InterruptedException.class, BOUND);
        assertTrue(runner.isRunning());
    }
}
