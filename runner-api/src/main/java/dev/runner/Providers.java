package dev.runner;

import dev.runner.spi.HealthProbeFactory;
import dev.runner.spi.RunnerProvider;
import dev.runner.spi.Secrets;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Finds the engine and the probe plugins with {@link java.util.ServiceLoader} through {@link ProviderLoader}:
 * through this module's {@code uses} on the module path, through {@code META-INF/services} on the
 * class path, with Runner's own class loader first and the context class loader after it.
 *
 * <p>Invariants: each is looked up once per class loader of this class, lazily, at its first use
 * (class-holder idiom: the JVM's class initialisation makes it thread-safe without a lock). The
 * engine binding is then fixed, failure included: a later {@link Runner#create} never scans again
 * and reports the same failure.
 */
final class Providers {

    private Providers() {
    }

    /** The engine binding, made when {@link #runnerProvider()} is first called. */
    private static final class Engine {

        static final EngineBinding BINDING = bind();

        private static EngineBinding bind() {
            ProviderLoader.Loaded<RunnerProvider> loaded = ProviderLoader.load(RunnerProvider.class, "Runner engine");
            return EngineBinding.choose(loaded.providers(), loaded.failures(),
                    System.getProperty(EngineBinding.ENGINE_PROPERTY));
        }
    }

    /** The probe factories, loaded when {@link #probe(String)} is first called. */
    private static final class ProbeFactories {

        static final List<HealthProbeFactory> INSTALLED =
                ProviderLoader.load(HealthProbeFactory.class, "health probe plugin").providers();
    }

    /**
     * Returns the bound engine; see {@link Runner#create}.
     *
     * @throws IllegalStateException if there is no engine, or several and the system property
     *                               {@code dev.runner.engine} does not choose one
     */
    static RunnerProvider runnerProvider() {
        return Engine.BINDING.require();
    }

    /** Creates a probe with the factory of the URI's scheme; see {@link HealthProbe#of}. */
    static HealthProbe probe(String uri) {
        Objects.requireNonNull(uri, "probe uri must not be null");
        Optional<String> httpGuess = HostLikeScheme.httpGuess(uri);
        int colon = uri.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("probe uri has no scheme: \"" + Secrets.maskUri(uri) + "\""
                    + httpGuess.map(Providers::didYouMean).orElse(""));
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        URI target;
        try {
            target = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("probe uri is malformed: \"" + Secrets.maskUri(uri) + "\""
                    + httpGuess.map(Providers::didYouMean).orElse(""));
        }
        TreeSet<String> installed = new TreeSet<>();
        for (HealthProbeFactory factory : ProbeFactories.INSTALLED) {
            if (factory.schemes().contains(scheme)) {
                return factory.create(target);
            }
            installed.addAll(factory.schemes());
        }
        String advice = httpGuess
                .map(guess -> didYouMean(guess)
                        + (installed.contains("http") ? "" : " (that needs the runner-plugins-http jar)"))
                .orElse("; add the plugin's jar, such as runner-plugins-jdbc or runner-plugins-http");
        throw new IllegalArgumentException("no health probe plugin for scheme \"" + scheme + "\" (installed schemes: "
                + (installed.isEmpty() ? "none" : String.join(", ", installed)) + ")" + advice);
    }

    private static String didYouMean(String httpGuess) {
        return "; did you mean " + httpGuess + "?";
    }
}
