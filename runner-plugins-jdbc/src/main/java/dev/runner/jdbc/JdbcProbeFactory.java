package dev.runner.jdbc;

import dev.runner.HealthProbe;
import dev.runner.spi.HealthProbeFactory;
import java.net.URI;
import java.util.Set;

/**
 * Serves the {@code jdbc} scheme to {@link HealthProbe#of}: {@code jdbc:postgresql://db:5432/app}
 * becomes {@link JdbcProbe#of(String)} of the same URL.
 */
public final class JdbcProbeFactory implements HealthProbeFactory {

    /** Creates the factory; required by ServiceLoader. */
    public JdbcProbeFactory() {
    }

    /**
     * Returns the one scheme this factory serves.
     *
     * @return {@code jdbc}
     */
    @Override
    public Set<String> schemes() {
        return Set.of("jdbc");
    }

    /**
     * Creates a probe that opens a fresh connection to the target through
     * {@link java.sql.DriverManager} and checks it with {@link java.sql.Connection#isValid}.
     *
     * @param target a JDBC URL
     * @return the probe
     * @throws IllegalArgumentException if the target is not a JDBC URL; the message has no secret
     */
    @Override
    public HealthProbe create(URI target) {
        return JdbcProbe.of(target.toString());
    }
}
