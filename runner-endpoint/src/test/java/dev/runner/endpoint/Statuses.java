package dev.runner.endpoint;

import dev.runner.RunPhase;
import dev.runner.RunnerStatus;
import dev.runner.ServiceState;
import dev.runner.ServiceStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Hand-built statuses for tests of what the endpoint makes of them. */
final class Statuses {

    static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

    private Statuses() {
    }

    /** A service that runs and passed its last check. */
    static ServiceStatus healthy() {
        return new ServiceStatus(ServiceState.RUNNING, true, null, T0, 0, null, T0, false, true);
    }

    /** A service that runs and failed its last check. */
    static ServiceStatus unhealthy(String detail) {
        return new ServiceStatus(ServiceState.RUNNING, false, detail, T0, 0, detail, T0, false, true);
    }

    /** A service in {@code state} that is not healthy. */
    static ServiceStatus in(ServiceState state) {
        return new ServiceStatus(state, false, null, null, 0, null, null, false, true);
    }

    /** The same service, critical. */
    static ServiceStatus critical(ServiceStatus s) {
        return new ServiceStatus(s.state(), s.healthy(), s.detail(), s.lastCheck(), s.restarts(), s.lastFailure(),
                s.upSince(), true, s.readiness());
    }

    /** The same service, not counting toward readiness. */
    static ServiceStatus notGatingReadiness(ServiceStatus s) {
        return new ServiceStatus(s.state(), s.healthy(), s.detail(), s.lastCheck(), s.restarts(), s.lastFailure(),
                s.upSince(), s.critical(), false);
    }

    /** The same service with a failure on record and some restarts. */
    static ServiceStatus failedBefore(ServiceStatus s, String lastFailure, int restarts) {
        return new ServiceStatus(s.state(), s.healthy(), s.detail(), s.lastCheck(), restarts, lastFailure,
                s.upSince(), s.critical(), s.readiness());
    }

    /** A runner status with the given flags and services, in the order given (name, status, name, status…). */
    static RunnerStatus runner(RunPhase phase, boolean started, boolean ready, boolean live, Object... services) {
        Map<String, ServiceStatus> map = new LinkedHashMap<>();
        for (int i = 0; i < services.length; i += 2) {
            map.put((String) services[i], (ServiceStatus) services[i + 1]);
        }
        return new RunnerStatus("app", phase, started, ready, live, map);
    }
}
