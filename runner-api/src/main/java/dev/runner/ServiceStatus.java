package dev.runner;

import java.time.Instant;
import java.util.Objects;

/**
 * What supervision last saw of one service; made without running a check.
 *
 * @param state       where the service is in its lifecycle
 * @param healthy     whether an instance runs and its last check passed
 * @param detail      what the last check said when it failed, or why the service is not healthy;
 *                    null when healthy
 * @param lastCheck   when the last check of the current instance ended, or null if none did
 * @param restarts    restarts made since the run began or since the last reset
 * @param lastFailure the message of the latest failure (exit cause, failed check, start throw),
 *                    kept across restarts; null if none
 * @param upSince     when the current instance's {@code start} returned, or null if none runs
 * @param critical    whether giving up on it fails the runner
 * @param readiness   whether its health counts toward {@link RunnerStatus#ready()}
 */
public record ServiceStatus(ServiceState state, boolean healthy, String detail, Instant lastCheck,
                            int restarts, String lastFailure, Instant upSince,
                            boolean critical, boolean readiness) {

    /**
     * Creates a service status.
     *
     * @throws NullPointerException     if {@code state} is null
     * @throws IllegalArgumentException if {@code restarts} is negative, or it is healthy but not
     *                                  {@code RUNNING}
     */
    public ServiceStatus {
        Objects.requireNonNull(state, "state must not be null");
        if (restarts < 0) {
            throw new IllegalArgumentException("restarts must not be negative: " + restarts);
        }
        if (healthy && state != ServiceState.RUNNING) {
            throw new IllegalArgumentException("a service cannot be healthy while " + state);
        }
    }
}
