package dev.runner;

import java.time.Duration;

/**
 * A check of something outside the process, such as a database or an HTTP endpoint, that is part
 * of a service's health. Plugins provide probes through {@link dev.runner.spi.HealthProbeFactory}.
 */
public interface HealthProbe {

    /**
     * Returns a name for logs and health reports.
     *
     * @return the name; never contains a password or token
     */
    String name();

    /**
     * Checks the target, returning within {@code timeout}.
     *
     * @param timeout how long the check may take
     * @return the result
     * @throws Exception if the check could not be made; it counts as unhealthy
     */
    Health check(Duration timeout) throws Exception;

    /**
     * Creates a probe with the installed plugin for the URI's scheme ({@code jdbc}, {@code http},
     * {@code https}, ...), found through {@code ServiceLoader<HealthProbeFactory>}.
     *
     * @param uri the target, such as {@code jdbc:postgresql://db:5432/app}
     * @return the probe
     * @throws NullPointerException     if {@code uri} is null
     * @throws IllegalArgumentException if the URI is malformed, or no installed plugin handles its
     *                                  scheme: the message names the scheme and lists the installed
     *                                  ones, and suggests {@code http://} when the URI starts with a
     *                                  host such as {@code localhost:8080}
     */
    static HealthProbe of(String uri) {
        return Providers.probe(uri);
    }
}
