package dev.runner.spi;

import dev.runner.Runner;

/**
 * Creates runners; the engine provides it ({@code provides dev.runner.spi.RunnerProvider}) and
 * {@link Runner#create} finds it with {@link java.util.ServiceLoader}.
 */
@FunctionalInterface
public interface RunnerProvider {

    /**
     * Creates an empty runner.
     *
     * @param name the runner's name, already checked to be non-blank
     * @return the runner
     */
    Runner create(String name);
}
