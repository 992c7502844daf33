package dev.runner.examples;

import dev.runner.HealthStatus;
import dev.runner.ServiceHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
     * Returns one line per service, in the order the services were added: its name, state,
     * health, restarts and, when unhealthy, its error.
     *
     * @param status the runner's health
     * @return the lines
     */
    static List<String> services(HealthStatus status) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, ServiceHealth> entry : status.services().entrySet()) {
            ServiceHealth health = entry.getValue();
            String line = String.format("%-9s %-11s %-9s restarts %d", entry.getKey(), health.state(),
                    health.healthy() ? "healthy" : "unhealthy", health.restarts());
            lines.add(health.error() == null ? line : line + "  error: " + health.error());
        }
        return lines;
    }
}
