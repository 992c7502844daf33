package dev.runner.discovery;

import dev.runner.Health;
import dev.runner.HealthProbe;
import dev.runner.spi.HealthProbeFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * Probe plugins for the discovery tests, named in {@code META-INF/services} files that the tests
 * write: one for the {@code fake} scheme, and one whose constructor throws.
 */
public final class FakeProbePlugins {

    private FakeProbePlugins() {
    }

    /** Serves the {@code fake} scheme with a probe that is always up. */
    public static final class Working implements HealthProbeFactory {

        /** Required by ServiceLoader. */
        public Working() {
        }

        @Override
        public Set<String> schemes() {
            return Set.of("fake");
        }

        @Override
        public HealthProbe create(URI target) {
            return new HealthProbe() {
                @Override
                public String name() {
                    return "fake probe of " + target;
                }

                @Override
                public Health check(Duration timeout) {
                    return Health.up();
                }
            };
        }
    }

    /** A plugin that cannot even be constructed. */
    public static final class Broken implements HealthProbeFactory {

        /** Always throws, as a plugin missing a dependency might. */
        public Broken() {
            throw new IllegalStateException("broken probe plugin on purpose");
        }

        @Override
        public Set<String> schemes() {
            return Set.of("broken");
        }

        @Override
        public HealthProbe create(URI target) {
            throw new AssertionError("never constructed");
        }
    }
}
