package dev.runner.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runner.benchmarks.workload.CheckedService;
import dev.runner.benchmarks.workload.SleepingService;
import dev.runner.benchmarks.workload.Workload;
import dev.runner.benchmarks.workload.Workloads;
import org.junit.jupiter.api.Test;

class FirstStartShotTest {

    @Test
    void wideIsW1sServicesWithTheirLatency() {
        Workload wide = FirstStartShot.workload("wide", 7);
        assertEquals(7, wide.size());
        assertEquals(1, wide.graph().depth());
        SleepingService first = assertInstanceOf(SleepingService.class, wide.services().get(0));
        assertEquals(FirstStartShot.WIDE_LATENCY, first.startLatency());
    }

    @Test
    void applicationIsTheLayeredGraphWithAHealthCheckPerService() {
        Workload application = FirstStartShot.workload("application", 0);
        assertEquals(Workloads.application(), application.graph());
        application.services().forEach(service -> assertInstanceOf(CheckedService.class, service));
    }

    @Test
    void anUnknownWorkloadIsNamedInTheError() {
        var error = assertThrows(IllegalArgumentException.class, () -> FirstStartShot.workload("deep", 1));
        assertEquals("no workload \"deep\": wide or application", error.getMessage());
    }
}
