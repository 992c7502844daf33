package dev.runner;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What supervision last saw of a runner and its services; {@link Runner#status()} makes it without
 * running a check or waiting for a service.
 *
 * @param runner   the runner's name
 * @param phase    where the runner is in its life
 * @param started  {@code start} returned and {@code stop} has not begun
 * @param ready    started, and every service whose {@code readiness} counts is {@code RUNNING}
 *                 with its last check passed
 * @param live     the runner has not failed: no critical service gave up
 * @param services each service's status by name, in the order the services were added
 */
public record RunnerStatus(String runner, RunPhase phase, boolean started, boolean ready, boolean live,
                           Map<String, ServiceStatus> services) {

    /**
     * Creates a runner status, keeping the map's order.
     *
     * @throws NullPointerException     if a value is null
     * @throws IllegalArgumentException if it is ready but not started
     */
    public RunnerStatus {
        Objects.requireNonNull(runner, "runner must not be null");
        Objects.requireNonNull(phase, "phase must not be null");
        services = Collections.unmodifiableMap(
                new LinkedHashMap<>(Objects.requireNonNull(services, "services must not be null")));
        if (ready && !started) {
            throw new IllegalArgumentException("a runner cannot be ready before it started");
        }
    }
}
