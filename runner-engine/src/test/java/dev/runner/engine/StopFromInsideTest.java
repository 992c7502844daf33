package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Health;
import dev.runner.Option;
import dev.runner.Runner;
import dev.runner.StartException;
import dev.runner.StopException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, Bounds that hold against hostile services: {@code stop()} called from inside a
 * service's own call (its {@code start}, {@code stop} or {@code health}) does not wait for itself;
 * the runner still ends stopped, with every started service stopped exactly once.
 */
class StopFromInsideTest extends RunnerFixture {

    /** The stop timeout of the service that calls stop: waiting for itself would take this long. */
    private static final Option STOP_TIMEOUT = Option.stopTimeout(Duration.ofSeconds(15));
    /** "Promptly": well within that stop timeout, even on a busy machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(8);

    /** What a {@code runner.stop()} made from inside a service call threw (null: returned normally). */
    private final CompletableFuture<Throwable> inner = new CompletableFuture<>();

    /** Calls {@code runner.stop()} and records how it ended in {@link #inner}. */
    private void stopFromInside(Runner runner) {
        try {
            runner.stop();
            inner.complete(null);
        } catch (Throwable t) {
            inner.complete(t);
        }
    }

    /** Asserts that the inner stop returned promptly and did not report the calling service as failing to stop. */
    private void assertInnerStopReturnedPromptly(String caller) throws Exception {
        Throwable thrown;
        try {
            thrown = inner.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("stop() called from inside " + caller + "'s call did not return within " + PROMPTLY
                    + "; log:\n" + log.dump(), e);
        }
        if (thrown != null) {
            StopException e = assertInstanceOf(StopException.class, thrown, "stop() from inside threw something else");
            assertFalse(e.failures().containsKey(caller) || e.getMessage().contains("\"" + caller + "\""),
                    "stop() from inside " + caller + " reported " + caller + " itself: " + e.getMessage());
        }
    }

    /** Waits until the runner is stopped and asserts every started instance was stopped exactly once. */
    private void assertEndedStoppedWithEachStartPairedWithOneStop(Runner runner, List<TestService> services) {
        eventually(() -> !runner.isRunning() && services.stream().allMatch(s -> s.startsReturned() == s.stops()));
        for (TestService s : services) {
            assertEquals(List.of(), s.violations(), s.name());
            assertEquals(s.startsReturned(), s.stops(), s.name() + ": starts returned vs stops");
        }
    }

    /** Adds "db", and "api" that depends on it, is the one to call stop, and would wait for itself for its stop timeout. */
    private static void addDbAndApi(Runner runner, TestService db, TestService api, Option... apiOptions) {
        List<Option> options = new ArrayList<>(List.of(Option.dependsOn("db"), STOP_TIMEOUT));
        options.addAll(List.of(apiOptions));
        runner.add(db);
        runner.add(api, options.toArray(Option[]::new));
    }

    @Test
    void stopCalledFromInsideStartReturnsPromptlyAndTheRunnerEndsStopped() throws Exception {
        Runner runner = runners.create("stop-in-start");
        TestService db = service("db");
        TestService api = service("api").onStart((context, instance) -> stopFromInside(runner));
        addDbAndApi(runner, db, api);

        BackgroundCall start = BackgroundCall.start("start", runner::start);

        assertInnerStopReturnedPromptly("api");
        StartException e = start.awaitFailure(StartException.class, BOUND);
        assertTrue(Causes.mentions(e, "cancelled by stop"), Causes.describe(e));
        assertEndedStoppedWithEachStartPairedWithOneStop(runner, List.of(db, api));
        assertEquals(1, db.stops());
    }

    @Test
    void stopCalledFromInsideHealthReturnsPromptlyAndTheRunnerEndsStopped() throws Exception {
        Runner runner = runners.create("stop-in-health");
        AtomicBoolean armed = new AtomicBoolean();
        TestService db = service("db");
        TestService api = service("api").health(instance -> {
            if (armed.compareAndSet(true, false)) {
                stopFromInside(runner);
            }
            return Health.up();
        });
        addDbAndApi(runner, db, api, Option.healthCheck(Duration.ofMillis(20), Duration.ofSeconds(10)));
        runner.start();

        armed.set(true);

        assertInnerStopReturnedPromptly("api");
        assertEndedStoppedWithEachStartPairedWithOneStop(runner, List.of(db, api));
        assertEquals(1, db.stops());
        assertEquals(1, api.stops());
    }

    @Test
    void stopCalledFromInsideStopDoesNotWaitForItself() throws Exception {
        Runner runner = runners.create("stop-in-stop");
        TestService db = service("db");
        TestService api = service("api").onStop((context, instance) -> stopFromInside(runner));
        addDbAndApi(runner, db, api);
        runner.start();

        BackgroundCall outer = BackgroundCall.start("stop", runner::stop);

        assertInnerStopReturnedPromptly("api");
        // api's stop returned cleanly, so the outer stop has nothing to report.
        outer.awaitSuccess(BOUND);
        assertEndedStoppedWithEachStartPairedWithOneStop(runner, List.of(db, api));
        assertEquals(1, db.stops());
        assertTrue(log.find("api", 1, Event.Kind.STOPPED).isPresent(), log.dump());
    }
}
