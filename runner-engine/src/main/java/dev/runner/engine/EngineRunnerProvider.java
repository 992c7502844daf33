package dev.runner.engine;

import dev.runner.Runner;
import dev.runner.spi.RunnerProvider;

/** Provides the engine's runners to {@code Runner.create} through {@code ServiceLoader}. */
public final class EngineRunnerProvider implements RunnerProvider {

    /** Creates the provider; required by {@code ServiceLoader}. */
    public EngineRunnerProvider() {
    }

    @Override
    public Runner create(String name) {
        return new EngineRunner(name);
    }
}
