package dev.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The status values refuse what contradicts itself, name the problem, and accept every edge that
 * is allowed; a timeline span computes its launch-to-ready time only from marks it has.
 */
class StatusInvariantsTest {

    private static ServiceStatus status(ServiceState state, boolean healthy, int restarts) {
        return new ServiceStatus(state, healthy, null, null, restarts, null, null, false, true);
    }

    @Test
    void aServiceStatusRefusesNegativeRestartsButTakesZero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> status(ServiceState.RUNNING, false, -1));
        assertTrue(e.getMessage().contains("restarts must not be negative: -1"), e.getMessage());

        assertEquals(0, status(ServiceState.RUNNING, false, 0).restarts());
    }

    @Test
    void aServiceCanBeHealthyOnlyWhileRunning() {
        for (ServiceState state : ServiceState.values()) {
            if (state == ServiceState.RUNNING) {
                assertTrue(status(state, true, 0).healthy());
            } else {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> status(state, true, 0));
                assertEquals("a service cannot be healthy while " + state, e.getMessage());
                assertEquals(state, status(state, false, 0).state(), "unhealthy is fine in any state");
            }
        }
    }

    @Test
    void aRunnerCannotBeReadyBeforeItStarted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RunnerStatus("app", RunPhase.STARTING, false, true, true, Map.of()));
        assertEquals("a runner cannot be ready before it started", e.getMessage());

        assertTrue(new RunnerStatus("app", RunPhase.RUNNING, true, true, true, Map.of()).ready());
        assertEquals(RunPhase.STARTING, new RunnerStatus("app", RunPhase.STARTING, false, false, true, Map.of()).phase());
    }

    @Test
    void launchToReadyIsTheTimeBetweenTheTwoMarks() {
        Timeline.Span span = new Timeline.Span("db", List.of(), Duration.ofMillis(30), null, null,
                Duration.ofMillis(250), null, null);

        assertEquals(Duration.ofMillis(220), span.launchToReady());
    }

    @Test
    void launchToReadyIsNullWhenEitherMarkIsMissing() {
        assertNull(new Timeline.Span("db", List.of(), null, null, null, Duration.ofMillis(250), null, null).launchToReady());
        assertNull(new Timeline.Span("db", List.of(), Duration.ofMillis(30), null, null, null, null, null).launchToReady());
    }

    @Test
    void everyServiceEventNeedsItsServiceAndItsTime() {
        Instant at = Instant.EPOCH;
        Duration took = Duration.ZERO;
        List<java.util.function.BiFunction<String, Instant, ServiceEvent>> events = List.of(
                (s, t) -> new ServiceEvent.Starting(s, t, 1),
                (s, t) -> new ServiceEvent.Started(s, t, 1, took),
                (s, t) -> new ServiceEvent.Ready(s, t, took),
                (s, t) -> new ServiceEvent.Unhealthy(s, t, "down"),
                (s, t) -> new ServiceEvent.Recovered(s, t),
                (s, t) -> new ServiceEvent.Exited(s, t, null),
                (s, t) -> new ServiceEvent.Restarting(s, t, 1, took, "failed"),
                (s, t) -> new ServiceEvent.GaveUp(s, t, null),
                (s, t) -> new ServiceEvent.Stopping(s, t),
                (s, t) -> new ServiceEvent.Stopped(s, t, took, null));
        for (var event : events) {
            assertEquals("db", event.apply("db", at).service());
            NullPointerException noService = assertThrows(NullPointerException.class, () -> event.apply(null, at));
            assertEquals("service must not be null", noService.getMessage());
            NullPointerException noTime = assertThrows(NullPointerException.class, () -> event.apply("db", null));
            assertEquals("at must not be null", noTime.getMessage());
        }
    }
}
