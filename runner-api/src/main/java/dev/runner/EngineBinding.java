package dev.runner;

import dev.runner.spi.RunnerProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * Which engine {@link Runner#create} uses: decided once, from the engines found and the system
 * property {@value #ENGINE_PROPERTY}, as a plain function of those values.
 *
 * <p>Invariant: exactly one of {@code engine} and {@code failure} is non-null. There is no "first
 * wins": with several engines and no property, the binding fails and its message names them all.
 *
 * @param engine  the engine to use, or null when there is none
 * @param failure why there is no engine, or null when there is one
 */
record EngineBinding(RunnerProvider engine, String failure) {

    /** The system property that chooses among several engines by class name. */
    static final String ENGINE_PROPERTY = "dev.runner.engine";

    EngineBinding {
        if ((engine == null) == (failure == null)) {
            throw new IllegalArgumentException("an engine binding has either an engine or a failure");
        }
    }

    /**
     * Chooses the engine.
     *
     * @param found    the engines that loaded, one per class
     * @param failures what failed to load, already logged; named when nothing else was found
     * @param chosen   the value of {@value #ENGINE_PROPERTY}, or null when it is not set
     * @return the binding: the one engine found, the one the property names, or a failure saying
     *         which engines there are and what to do
     */
    static EngineBinding choose(List<RunnerProvider> found, List<String> failures, String chosen) {
        List<String> names = new ArrayList<>(found.size());
        for (RunnerProvider engine : found) {
            names.add(engine.getClass().getName());
        }
        if (chosen != null && !chosen.isBlank()) {
            String wanted = chosen.strip();
            for (RunnerProvider engine : found) {
                if (engine.getClass().getName().equals(wanted)) {
                    return new EngineBinding(engine, null);
                }
            }
            return new EngineBinding(null, "the system property " + ENGINE_PROPERTY + " names the Runner engine \""
                    + wanted + "\", but the engines found are: " + (names.isEmpty() ? "none" : String.join(", ", names))
                    + failedToLoad(failures));
        }
        if (found.size() == 1) {
            return new EngineBinding(found.get(0), null);
        }
        if (found.isEmpty()) {
            return new EngineBinding(null, "no Runner engine found: add the runner-engine jar "
                    + "(dev.runner:runner-engine) to the class path or module path" + failedToLoad(failures));
        }
        return new EngineBinding(null, found.size() + " Runner engines found: " + String.join(", ", names)
                + "; choose one with the system property " + ENGINE_PROPERTY + "=<class name>, or keep one jar");
    }

    /**
     * Returns the engine.
     *
     * @return the engine
     * @throws IllegalStateException with the failure's message when there is no engine
     */
    RunnerProvider require() {
        if (engine == null) {
            throw new IllegalStateException(failure);
        }
        return engine;
    }

    private static String failedToLoad(List<String> failures) {
        return failures.isEmpty() ? "" : " (failed to load: " + String.join("; ", failures) + ")";
    }
}
