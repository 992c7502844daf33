package dev.runner.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runner.HealthStatus;
import dev.runner.ServiceHealth;
import dev.runner.ServiceState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthReportTest {

    private static final ServiceHealth RUNNING = new ServiceHealth(true, null, true, ServiceState.RUNNING, 0);
    private static final ServiceHealth BACKING_OFF =
            new ServiceHealth(false, "service not running", false, ServiceState.BACKING_OFF, 1);

    /** Returns a status of services given as name, health, name, health, ... in that order. */
    private static HealthStatus status(Object... namesAndHealths) {
        Map<String, ServiceHealth> services = new LinkedHashMap<>();
        boolean healthy = true;
        for (int i = 0; i < namesAndHealths.length; i += 2) {
            ServiceHealth health = (ServiceHealth) namesAndHealths[i + 1];
            services.put((String) namesAndHealths[i], health);
            healthy &= health.healthy();
        }
        return new HealthStatus(healthy, services);
    }

    @Test
    void summaryCountsHealthyServicesAndSaysDownWhenOneIsNot() {
        assertEquals("DOWN: 1 of 2 services healthy",
                HealthReport.summary(status("database", RUNNING, "indexer", BACKING_OFF)));
    }

    @Test
    void summarySaysUpWhenEveryServiceIsHealthy() {
        assertEquals("UP: 1 of 1 services healthy", HealthReport.summary(status("cache", RUNNING)));
    }

    @Test
    void serviceLinesKeepTheAddedOrderAndShowTheErrorOnlyWhenUnhealthy() {
        List<String> lines = HealthReport.services(status("worker", RUNNING, "indexer", BACKING_OFF));

        assertEquals(List.of(
                "worker    RUNNING     healthy   restarts 0",
                "indexer   BACKING_OFF unhealthy restarts 1  error: service not running"), lines);
    }

    @Test
    void changesListOnlyTheServicesWhoseHealthDiffers() {
        HealthStatus before = status("database", RUNNING, "indexer", RUNNING);
        HealthStatus after = status("database", RUNNING, "indexer", BACKING_OFF);

        assertEquals(List.of("indexer   BACKING_OFF unhealthy restarts 1  error: service not running"),
                HealthReport.changes(before, after));
    }

    @Test
    void changesAreEmptyWhenNothingChanged() {
        HealthStatus status = status("database", RUNNING, "indexer", BACKING_OFF);

        assertEquals(List.of(), HealthReport.changes(status, status("database", RUNNING, "indexer", BACKING_OFF)));
    }

    @Test
    void aServiceMissingFromTheEarlierReportCountsAsChanged() {
        assertEquals(List.of("cache     RUNNING     healthy   restarts 0"),
                HealthReport.changes(status(), status("cache", RUNNING)));
    }
}
