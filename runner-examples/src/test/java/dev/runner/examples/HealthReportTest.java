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

    private static HealthStatus status(boolean healthy, Map<String, ServiceHealth> services) {
        return new HealthStatus(healthy, services);
    }

    @Test
    void summaryCountsHealthyServicesAndSaysDownWhenOneIsNot() {
        Map<String, ServiceHealth> services = new LinkedHashMap<>();
        services.put("database", new ServiceHealth(true, null, true, ServiceState.RUNNING, 0));
        services.put("indexer", new ServiceHealth(false, "service not running", false, ServiceState.BACKING_OFF, 1));

        assertEquals("DOWN: 1 of 2 services healthy", HealthReport.summary(status(false, services)));
    }

    @Test
    void summarySaysUpWhenEveryServiceIsHealthy() {
        Map<String, ServiceHealth> services = Map.of(
                "cache", new ServiceHealth(true, null, true, ServiceState.RUNNING, 0));

        assertEquals("UP: 1 of 1 services healthy", HealthReport.summary(status(true, services)));
    }

    @Test
    void serviceLinesKeepTheAddedOrderAndShowTheErrorOnlyWhenUnhealthy() {
        Map<String, ServiceHealth> services = new LinkedHashMap<>();
        services.put("worker", new ServiceHealth(true, null, true, ServiceState.RUNNING, 0));
        services.put("indexer", new ServiceHealth(false, "service not running", false, ServiceState.BACKING_OFF, 2));

        List<String> lines = HealthReport.services(status(false, services));

        assertEquals(List.of(
                "worker    RUNNING     healthy   restarts 0",
                "indexer   BACKING_OFF unhealthy restarts 2  error: service not running"), lines);
    }
}
