package dev.runner;

import dev.runner.spi.HealthProbeFactory;
import dev.runner.spi.RunnerProvider;
import dev.runner.spi.Secrets;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Finds the engine and the probe plugins with {@link ServiceLoader}: through this module's
 * {@code uses} on the module path, through {@code META-INF/services} on the class path.
 */
final class Providers {

    private static final System.Logger LOG = System.getLogger(Providers.class.getName());

    private Providers() {
    }

    /** Returns the installed engine; with several, the first, after a warning naming them all. */
    static RunnerProvider runnerProvider() {
        List<RunnerProvider> found = new ArrayList<>();
        ServiceLoader.load(RunnerProvider.class).forEach(found::add);
        if (found.isEmpty()) {
            throw new IllegalStateException("no Runner engine found: add the runner-engine jar "
                    + "(dev.runner:runner-engine) to the class path or module path");
        }
        if (found.size() > 1) {
            LOG.log(System.Logger.Level.WARNING, "several Runner engines found, using the first: {0}",
                    found.stream().map(p -> p.getClass().getName()).toList());
        }
        return found.get(0);
    }

    /** Creates a probe with the factory of the URI's scheme; see {@link HealthProbe#of}. */
    static HealthProbe probe(String uri) {
        Objects.requireNonNull(uri, "probe uri must not be null");
        int colon = uri.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("probe uri has no scheme: \"" + Secrets.maskUri(uri) + "\"");
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        URI target;
        try {
            target = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("probe uri is malformed: \"" + Secrets.maskUri(uri) + "\"");
        }
        TreeSet<String> installed = new TreeSet<>();
        for (Iterator<HealthProbeFactory> it = ServiceLoader.load(HealthProbeFactory.class).iterator(); it.hasNext(); ) {
            HealthProbeFactory factory;
            try {
                factory = it.next();
            } catch (ServiceConfigurationError e) {
                LOG.log(System.Logger.Level.WARNING, "a health probe plugin could not be loaded", e);
                continue;
            }
            if (factory.schemes().contains(scheme)) {
                return factory.create(target);
            }
            installed.addAll(factory.schemes());
        }
        throw new IllegalArgumentException("no health probe plugin for scheme \"" + scheme + "\" (installed schemes: "
                + (installed.isEmpty() ? "none" : String.join(", ", installed))
                + "); add the plugin's jar, such as runner-plugins-jdbc or runner-plugins-http");
    }
}
