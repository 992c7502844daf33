package dev.runner.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.runner.RunPhase;
import dev.runner.RunnerStatus;
import dev.runner.ServiceEvent;
import dev.runner.ServiceState;
import dev.runner.ServiceStatus;
import dev.runner.Timeline;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusReportTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final ServiceStatus HEALTHY =
            new ServiceStatus(ServiceState.RUNNING, true, null, NOW, 0, null, NOW, false, true);
    private static final ServiceStatus BACKING_OFF = new ServiceStatus(ServiceState.BACKING_OFF, false,
            "service not running", NOW, 1, "exited with a failure: lost connection", null, true, true);

    private static RunnerStatus status(boolean ready, Object... namesAndStatuses) {
        Map<String, ServiceStatus> services = new LinkedHashMap<>();
        for (int i = 0; i < namesAndStatuses.length; i += 2) {
            services.put((String) namesAndStatuses[i], (ServiceStatus) namesAndStatuses[i + 1]);
        }
        return new RunnerStatus("demo", RunPhase.RUNNING, true, ready, true, services);
    }

    @Test
    void summaryCountsHealthyServicesAndSaysWhetherTheRunnerIsReady() {
        assertEquals("RUNNING, not ready: 1 of 2 services healthy",
                StatusReport.summary(status(false, "database", HEALTHY, "indexer", BACKING_OFF)));
        assertEquals("RUNNING, ready: 1 of 1 service healthy", StatusReport.summary(status(true, "cache", HEALTHY)));
    }

    @Test
    void serviceLinesKeepTheAddedOrderAndShowTheLastFailure() {
        assertEquals(List.of(
                "worker    RUNNING     healthy   restarts 0",
                "indexer   BACKING_OFF unhealthy restarts 1  last failure: exited with a failure: lost connection"),
                StatusReport.services(status(false, "worker", HEALTHY, "indexer", BACKING_OFF)));
    }

    @Test
    void eventsThatTheServicesDoNotPrintGetALine() {
        assertEquals("ready 1.50s after its dependencies were",
                StatusReport.describe(new ServiceEvent.Ready("api", NOW, Duration.ofMillis(1500))));
        assertEquals("restart 2 in 0.25s (exited)",
                StatusReport.describe(new ServiceEvent.Restarting("indexer", NOW, 2, Duration.ofMillis(250), "exited")));
        assertEquals("restarting: dependency \"api\" restarted", StatusReport.describe(
                new ServiceEvent.Restarting("worker", NOW, 0, Duration.ZERO, "dependency \"api\" restarted")));
        assertEquals("exited: lost", StatusReport.describe(new ServiceEvent.Exited("api", NOW, new IOException("lost"))));
        assertNull(StatusReport.describe(new ServiceEvent.Starting("api", NOW, 1)));
        assertNull(StatusReport.describe(new ServiceEvent.Stopped("api", NOW, Duration.ZERO, null)));
    }

    @Test
    void startTableShowsEachServicesMarksAndTheCriticalPath() {
        Timeline timeline = new Timeline(NOW, List.of(
                new Timeline.Span("db", List.of(), Duration.ZERO, Duration.ZERO, Duration.ofMillis(1000),
                        Duration.ofMillis(1200), null, null),
                new Timeline.Span("api", List.of("db"), Duration.ofMillis(1200), Duration.ofMillis(1200),
                        Duration.ofMillis(1500), null, null, null)),
                List.of("api", "db"));

        assertEquals(List.of(
                "service    launched   started     ready      took",
                "db            0.00s     1.00s     1.20s     1.20s",
                "api           1.20s     1.50s         -         -",
                "critical path: api <- db"), StartTable.lines(timeline));
    }
}
