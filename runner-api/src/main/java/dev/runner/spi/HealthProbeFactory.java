package dev.runner.spi;

import dev.runner.HealthProbe;
import java.net.URI;
import java.util.Set;

/**
 * Creates health probes for some URI schemes; a plugin provides it
 * ({@code provides dev.runner.spi.HealthProbeFactory}) and {@link HealthProbe#of} finds it with
 * {@link java.util.ServiceLoader}. Implementations need a public no-argument constructor.
 */
public interface HealthProbeFactory {

    /**
     * Returns the URI schemes this factory handles, in lower case.
     *
     * @return the schemes, such as {@code jdbc} or {@code http} and {@code https}
     */
    Set<String> schemes();

    /**
     * Creates a probe for a target.
     *
     * @param target the target, whose scheme is one of {@link #schemes()}
     * @return the probe
     * @throws IllegalArgumentException if the target is not one this factory can check; the
     *                                  message never contains a password or token
     */
    HealthProbe create(URI target);
}
