package dev.runner;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The health of a runner and of each of its services.
 *
 * @param healthy  true when every service is healthy
 * @param services each service's health by name, in the order the services were added
 */
public record HealthStatus(boolean healthy, Map<String, ServiceHealth> services) {

    /**
     * Creates a health status, keeping the map's order.
     *
     * @throws NullPointerException if {@code services} is null
     */
    public HealthStatus {
        services = Collections.unmodifiableMap(
                new LinkedHashMap<>(Objects.requireNonNull(services, "services must not be null")));
    }
}
