package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import dev.runner.RunnerException;
import dev.runner.StartException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, version 2, {@code run}, in this JVM: it blocks until the runner stops, returns
 * normally after {@code stop()} from another thread, stops the runner when its own thread is
 * interrupted and returns with the interrupt status set, throws {@code StartException} when the
 * start fails, and {@code RunnerException} naming the service when a critical service gave up.
 * Apart from {@link RunTest}, whose tests fork a JVM each, so that the mutation profile can run
 * these.
 */
class RunInProcessTest extends SupervisionFixture {

    private final TestService db = service("db");

    /** Creates a runner of {@code db} and one more service added with the options. */
    private Runner runnerWithDb(String name, TestService other, Option... options) {
        Runner runner = runners.create(name);
        runner.add(db);
        runner.add(other, options);
        return runner;
    }

    /** Calls {@code run} on a thread of its own and waits until the runner's start returned. */
    private BackgroundCall runUntilStarted(Runner runner) {
        BackgroundCall run = BackgroundCall.start("run", () -> runner.run(Duration.ofSeconds(10)));
        eventually(() -> runner.status().started());
        return run;
    }

    @Test
    void runReturnsNormallyAfterStopFromAnotherThread() {
        TestService api = service("api");
        Runner runner = runnerWithDb("run-stop", api, Option.dependsOn("db"));
        BackgroundCall run = runUntilStarted(runner);
        assertFalse(run.isDone(), "run blocks while the runner runs");

        BackgroundCall.start("stop", runner::stop).awaitSuccess(BOUND);

        run.awaitSuccess(BOUND);
        assertFalse(runner.isRunning());
        assertEquals(1, db.stops());
        assertEquals(1, api.stops());
    }

    @Test
    void runThrowsStartExceptionWhenTheStartFails() {
        IOException boom = new IOException("no config");
        Runner runner = runnerWithDb("run-start-fails", service("broken").failStart(boom), Option.dependsOn("db"));

        StartException e = assertThrows(StartException.class, () -> runner.run(Duration.ofSeconds(10)));

        assertEquals("broken", e.service());
        assertTrue(Causes.contains(e, boom), Causes.describe(e));
        assertFalse(runner.isRunning());
        assertEquals(1, db.stops());
    }

    @Test
    void runThrowsARunnerExceptionNamingTheCriticalServiceThatGaveUp() {
        TestService worker = service("worker");
        Runner runner = runnerWithDb("run-critical", worker, Option.dependsOn("db"), Option.critical(),
                Option.restartPolicy(RestartPolicy.NEVER), NO_POLLING);
        BackgroundCall run = runUntilStarted(runner);
        IllegalStateException crash = new IllegalStateException(RunMain.CRASH_MESSAGE);

        worker.startContext(1).exited(crash);

        RunnerException e = run.awaitFailure(RunnerException.class, BOUND);
        assertFalse(e instanceof StartException, "the start had succeeded: " + Causes.describe(e));
        assertTrue(e.getMessage().contains("worker"), e.getMessage());
        assertTrue(Causes.contains(e, crash), Causes.describe(e));
        assertFalse(runner.isRunning());
        assertEquals(1, db.stops());
        assertEquals(1, worker.stops());
    }

    @Test
    void runRefusesAStopTimeoutThatIsNotPositiveBeforeStartingAnything() {
        Runner runner = runners.create("run-arguments");
        runner.add(db);

        assertThrows(IllegalArgumentException.class, () -> runner.run(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> runner.run(Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> runner.run(null));
        assertEquals(0, db.starts());
        assertFalse(runner.isRunning());
    }

    @Test
    void interruptingTheThreadInRunStopsTheRunnerAndRunReturnsInterrupted() {
        TestService api = service("api");
        Runner runner = runnerWithDb("run-interrupted", api, Option.dependsOn("db"));
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        BackgroundCall run = BackgroundCall.start("run", () -> {
            runner.run(Duration.ofSeconds(10));
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        eventually(() -> runner.status().started());

        run.thread().interrupt();

        run.awaitSuccess(BOUND);
        assertTrue(interruptedAfter.get(), "run keeps the interrupt status for its caller");
        assertFalse(runner.isRunning());
        assertEquals(1, db.stops());
        assertEquals(1, api.stops());
    }
}
