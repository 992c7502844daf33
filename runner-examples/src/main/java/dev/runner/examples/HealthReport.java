package dev.runner.examples;

import dev.runner.HealthStatus;
import dev.runner.ServiceHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Turns a runner's {@link HealthStatus} into lines for people: a summary, then one per service. */
final class HealthReport {

    private HealthReport() {
    }

    /**
     * Returns the summary line, such as {@code "UP: 6 of 6 services healthy"}.
     *
     * @param status the runner's health
     * @return the line
     */
    static String summary(HealthStatus status) {
        long healthy = status.services().values().stream().filter(ServiceHealth::healthy).count();
        return (status.healthy() ? "UP" : "DOWN") + ": " + healthy + " of " + status.services().size()
                + " services healthy";
    }

    /**
     * Returns one line per service, in the order the services were added.
     *
     * @param status the runner's health
     * @return the lines, formatted as {@link #line}
     */
    static List<String> services(HealthStatus status) {
        List<String> lines = new ArrayList<>();
        status.services().forEach((name, health) -> lines.add(line(name, health)));
        return lines;
    }

    /**
     * Returns the lines of the services whose health differs between two reports, in the order
     * the services were added.
     *
     * @param before the earlier report
     * @param after  the later report
     * @return the lines of the changed services, formatted as {@link #line}; empty when none changed
     */
    static List<String> changes(HealthStatus before, HealthStatus after) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, ServiceHealth> entry : after.services().entrySet()) {
            if (!Objects.equals(before.services().get(entry.getKey()), entry.getValue())) {
                lines.add(line(entry.getKey(), entry.getValue()));
            }
        }
        return lines;
    }

    /**
     * Returns one service's line: its name, state, health, restarts and, when unhealthy, its error.
     *
     * @param name   the service's name
     * @param health its health
     * @return the line, such as {@code "indexer   BACKING_OFF unhealthy restarts 1  error: ..."}
     */
    static String line(String name, ServiceHealth health) {
        String line = String.format("%-9s %-11s %-9s restarts %d", name, health.state(),
                health.healthy() ? "healthy" : "unhealthy", health.restarts());
        return health.error() == null ? line : line + "  error: " + health.error();
    }
}
