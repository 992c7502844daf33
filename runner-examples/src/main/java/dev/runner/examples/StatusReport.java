package dev.runner.examples;

import dev.runner.RunnerStatus;
import dev.runner.ServiceEvent;
import dev.runner.ServiceStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Turns what a runner reports, its {@link RunnerStatus} and its events, into lines for people. */
final class StatusReport {

    private StatusReport() {
    }

    /**
     * Returns the summary line, such as {@code "RUNNING, ready: 6 of 6 services healthy"}.
     *
     * @param status the runner's status
     * @return the line
     */
    static String summary(RunnerStatus status) {
        long healthy = status.services().values().stream().filter(ServiceStatus::healthy).count();
        int all = status.services().size();
        return status.phase() + (status.ready() ? ", ready: " : ", not ready: ") + healthy + " of " + all
                + (all == 1 ? " service" : " services") + " healthy";
    }

    /**
     * Returns one line per service, in the order the services were added.
     *
     * @param status the runner's status
     * @return the lines, formatted as {@link #line}
     */
    static List<String> services(RunnerStatus status) {
        List<String> lines = new ArrayList<>();
        status.services().forEach((name, service) -> lines.add(line(name, service)));
        return lines;
    }

    /**
     * Returns one service's line: its name, state, health, restarts and its last failure, if any.
     *
     * @param name    the service's name
     * @param service its status
     * @return the line, such as {@code "indexer   RUNNING     healthy   restarts 2  last failure: ..."}
     */
    static String line(String name, ServiceStatus service) {
        String line = String.format("%-9s %-11s %-9s restarts %d", name, service.state(),
                service.healthy() ? "healthy" : "unhealthy", service.restarts());
        return service.lastFailure() == null ? line : line + "  last failure: " + service.lastFailure();
    }

    /**
     * Describes an event worth a line of its own, or returns null for the start and stop events,
     * which the demo's services print themselves.
     *
     * @param event the event
     * @return the line, such as {@code "ready 1.52s after its dependencies were"}, or null
     */
    static String describe(ServiceEvent event) {
        return switch (event) {
            case ServiceEvent.Ready e -> "ready " + seconds(e.sinceLaunch()) + " after its dependencies were";
            case ServiceEvent.Unhealthy e -> "unhealthy: " + e.detail();
            case ServiceEvent.Recovered e -> "healthy again";
            case ServiceEvent.Exited e -> e.cause() == null ? "exited" : "exited: " + e.cause().getMessage();
            case ServiceEvent.Restarting e -> e.restart() == 0 ? "restarting: " + e.reason()
                    : "restart " + e.restart() + " in " + seconds(e.backoff()) + " (" + e.reason() + ")";
            case ServiceEvent.GaveUp e -> "gave up: " + e.cause();
            case ServiceEvent.Starting e -> null;
            case ServiceEvent.Started e -> null;
            case ServiceEvent.Stopping e -> null;
            case ServiceEvent.Stopped e -> null;
        };
    }

    /** Returns a duration as seconds with two decimals: {@code 1.52s}. */
    static String seconds(Duration duration) {
        return String.format("%.2fs", duration.toNanos() / 1e9);
    }
}
