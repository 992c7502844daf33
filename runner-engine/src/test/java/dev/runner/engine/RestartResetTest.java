package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Option;
import dev.runner.RestartConfig;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import dev.runner.ServiceEvent;
import dev.runner.ServiceState;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, version 2, Supervision: once an instance has run healthy for {@code resetAfter}, its
 * restart count and backoff start again from zero, so {@code maxRetries} limits a burst of
 * restarts, not restarts over a lifetime; {@code resetAfter} of zero never resets.
 *
 * <p>"Ran healthy for longer than {@code resetAfter}" is shown without a clock: with checks every
 * 20 ms, an instance that passed {@link #HEALTHY_CHECKS} checks has run healthy for at least 19
 * intervals, 380 ms, well over the 200 ms of {@link #RESET_AFTER}.
 */
class RestartResetTest extends SupervisionFixture {

    private static final Duration RESET_AFTER = Duration.ofMillis(200);
    private static final int HEALTHY_CHECKS = 20;
    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(10);

    /** Two restarts at most in a burst, backoff 10 ms doubling, no jitter. */
    private static RestartConfig twoRetries(Duration resetAfter) {
        return RestartConfig.defaults().withPolicy(RestartPolicy.ON_FAILURE).withMaxRetries(2)
                .withBackoff(INITIAL_BACKOFF, Duration.ofMillis(50), 2.0).withJitter(false)
                .withResetAfter(resetAfter);
    }

    private final TestService worker = service("worker");
    private SupervisionListener events;

    /** Starts a runner of {@link #worker} alone with {@link #twoRetries}, and listens to it. */
    private Runner startWorker(Duration resetAfter) {
        Runner runner = runners.create("reset");
        runner.add(worker, Option.restartConfig(twoRetries(resetAfter)), FAST_CHECKS);
        events = listen(runner);
        runner.start();
        return runner;
    }

    /** Waits until the instance has run healthy for well over {@link #RESET_AFTER}, then makes it crash. */
    private void crashAfterRunningHealthy(int instance) {
        awaitUp(worker, instance);
        awaitPassedChecks("worker", instance, HEALTHY_CHECKS);
        worker.startContext(instance).exited(new IOException("crash " + instance));
    }

    @Test
    void restartCountGoesBackToZeroOnceTheInstanceRanHealthyForResetAfter() {
        Runner runner = startWorker(RESET_AFTER);
        awaitUp(worker, 1);

        worker.startContext(1).exited(new IOException("crash 1"));

        awaitUp(worker, 2);
        eventually(() -> events.has("worker", ServiceEvent.Restarting.class));
        assertEquals(1, events.first("worker", ServiceEvent.Restarting.class).orElseThrow().restart());
        eventually(() -> statusOf(runner, "worker").restarts() == 0);
        assertEquals(2, worker.starts(), "the count went back to zero while the second instance ran");
        assertTrue(statusOf(runner, "worker").lastFailure().contains("crash 1"),
                "the last failure is kept across the reset: " + statusOf(runner, "worker"));
    }

    @Test
    void serviceThatRunsHealthyBetweenCrashesIsRestartedMoreOftenThanMaxRetries() {
        Runner runner = startWorker(RESET_AFTER);

        for (int instance = 1; instance <= 4; instance++) {
            crashAfterRunningHealthy(instance);
        }

        awaitUp(worker, 5);
        eventually(() -> events.of("worker", ServiceEvent.Restarting.class).size() == 4);
        List<ServiceEvent.Restarting> restarts = events.of("worker", ServiceEvent.Restarting.class);
        assertEquals(Collections.nCopies(4, 1), restarts.stream().map(ServiceEvent.Restarting::restart).toList(),
                "each restart is the first since a reset; events:\n" + events.dump());
        assertEquals(Collections.nCopies(4, INITIAL_BACKOFF), restarts.stream().map(ServiceEvent.Restarting::backoff).toList(),
                "the backoff starts again from the initial one");
        assertFalse(events.has("worker", ServiceEvent.GaveUp.class), events.dump());
        assertEquals(ServiceState.RUNNING, statusOf(runner, "worker").state());
        assertEquals(4, worker.stops());
        assertEquals(List.of(), worker.violations());
    }

    @Test
    void withoutResetTheServiceIsGivenUpAfterMaxRetriesHoweverLongItRanHealthy() {
        Runner runner = startWorker(Duration.ZERO);

        for (int instance = 1; instance <= 2; instance++) {
            crashAfterRunningHealthy(instance);
            int restartsSoFar = instance;
            awaitUp(worker, instance + 1);
            eventually(() -> statusOf(runner, "worker").restarts() == restartsSoFar);
        }
        crashAfterRunningHealthy(3);

        eventually(() -> events.has("worker", ServiceEvent.GaveUp.class)
                && statusOf(runner, "worker").state() == ServiceState.FAILED);
        List<ServiceEvent.Restarting> restarts = events.of("worker", ServiceEvent.Restarting.class);
        assertEquals(List.of(1, 2), restarts.stream().map(ServiceEvent.Restarting::restart).toList(), events.dump());
        assertEquals(List.of(INITIAL_BACKOFF, INITIAL_BACKOFF.multipliedBy(2)),
                restarts.stream().map(ServiceEvent.Restarting::backoff).toList(), "the backoff kept growing");
        assertEquals(2, statusOf(runner, "worker").restarts());
        assertEquals(3, worker.starts());
        assertEquals(3, worker.stops());
        assertEquals(List.of(), worker.violations());
    }
}
