package dev.runner;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Loads the providers of one service interface with {@link ServiceLoader}, the way SLF4J 2 binds
 * its provider: first through the class loader that loaded Runner (this module's {@code uses} on
 * the module path, {@code META-INF/services} on the class path), then through the thread's context
 * class loader when it is another one (an application server or a plugin host that loads jars of
 * its own).
 *
 * <p>Invariants: a provider that fails to load (a {@link ServiceConfigurationError}, such as a
 * constructor that throws or a class that is missing, or a {@link LinkageError}) never reaches the
 * caller as an exception: it is skipped, logged at WARNING with its class name and cause, and
 * counted in {@link Loaded#failures()}. Each provider class appears once, however many loaders
 * see it: the first loader that finds a class name wins.
 */
final class ProviderLoader {

    /**
     * What one scan found.
     *
     * @param providers the providers that loaded, one per class name, in the order found
     * @param failures  what failed to load, each a message naming the provider and its cause
     */
    record Loaded<S>(List<S> providers, List<String> failures) {

        Loaded {
            providers = List.copyOf(providers);
            failures = List.copyOf(failures);
        }

    }

    private ProviderLoader() {
    }

    /**
     * Loads every provider of {@code service} that Runner's class loader or the context class
     * loader finds; never throws for a broken provider.
     *
     * @param service the service interface, one this module {@code uses}
     * @param what    what a provider is, for the warning, such as {@code "Runner engine"}
     * @return the providers that loaded and what failed
     */
    static <S> Loaded<S> load(Class<S> service, String what) {
        Map<String, S> byClassName = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (ClassLoader loader : loaders()) {
            scan(ServiceLoader.load(service, loader), what, byClassName, failures);
        }
        return new Loaded<>(new ArrayList<>(byClassName.values()), failures);
    }

    /** Runner's own class loader first, then the context class loader when it differs. */
    private static List<ClassLoader> loaders() {
        List<ClassLoader> loaders = new ArrayList<>(2);
        ClassLoader own = Runner.class.getClassLoader();
        loaders.add(own);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != own) {
            loaders.add(context);
        }
        return loaders;
    }

    private static <S> void scan(ServiceLoader<S> serviceLoader, String what, Map<String, S> byClassName,
            List<String> failures) {
        Iterator<S> providers = serviceLoader.iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    return;
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                // The iterator itself broke: nothing after this point can be trusted, so this
                // loader's scan ends here; the other loader still gets its scan.
                skip(what, e, failures);
                return;
            }
            try {
                S provider = providers.next();
                byClassName.putIfAbsent(provider.getClass().getName(), provider);
            } catch (ServiceConfigurationError | LinkageError e) {
                skip(what, e, failures);
            }
        }
    }

    private static void skip(String what, Throwable error, List<String> failures) {
        String failure = describe(error);
        failures.add(failure);
        // The logger is looked up only here: looking it up sets up the JDK's logging, which an
        // application's first Runner.create should not pay for when nothing failed.
        System.getLogger(ProviderLoader.class.getName())
                .log(System.Logger.Level.WARNING, "skipped a " + what + " that failed to load: " + failure, error);
    }

    /**
     * Describes a load failure: {@code ServiceLoader}'s message, which names the provider class,
     * followed by the cause's.
     */
    private static String describe(Throwable error) {
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        Throwable cause = error.getCause();
        return cause == null ? message : message + ": " + cause;
    }
}
