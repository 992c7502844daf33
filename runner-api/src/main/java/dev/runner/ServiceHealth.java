package dev.runner;

import java.util.Objects;

/**
 * The health of one service.
 *
 * @param healthy  whether its last check passed
 * @param error    what is wrong, null when healthy
 * @param running  whether an instance of it is running (a {@code start} returned and no
 *                 {@code stop} was called yet)
 * @param state    where it is in its lifecycle
 * @param restarts how many restarts were made in this run
 */
public record ServiceHealth(boolean healthy, String error, boolean running,
                            ServiceState state, int restarts) {

    /**
     * Creates a service health.
     *
     * @throws NullPointerException if {@code state} is null
     */
    public ServiceHealth {
        Objects.requireNonNull(state, "state must not be null");
    }
}
