package dev.runner.http;

import dev.runner.HealthProbe;
import dev.runner.spi.HealthProbeFactory;
import java.net.URI;
import java.util.Set;

/**
 * Serves the {@code http} and {@code https} schemes to {@link HealthProbe#of}:
 * {@code http://api:8080/health} becomes {@link HttpProbe#of(URI)} of the same URI, with the
 * defaults (healthy on 200–399, redirects not followed, the caller's timeout).
 */
public final class HttpProbeFactory implements HealthProbeFactory {

    /** Creates the factory; required by ServiceLoader. */
    public HttpProbeFactory() {
    }

    /**
     * Returns the schemes this factory serves.
     *
     * @return {@code http} and {@code https}
     */
    @Override
    public Set<String> schemes() {
        return Set.of("http", "https");
    }

    /**
     * Creates a probe that sends a GET to the target.
     *
     * @param target an http or https URI with a host
     * @return the probe
     * @throws IllegalArgumentException if the target has no host; the message has no secret
     */
    @Override
    public HealthProbe create(URI target) {
        return HttpProbe.of(target);
    }
}
