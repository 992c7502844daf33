package dev.runner.benchmarks.workload;

import dev.runner.Context;
import dev.runner.Health;
import dev.runner.Service;

/**
 * A no-op service with a health check of its own that is always up. Unlike a service that keeps
 * {@link Service#health()}'s default, it gives a runner a real call to make on every check, so
 * benchmarks of health reports and supervision measure the checking itself.
 *
 * @param name the service's name
 */
public record CheckedService(String name) implements Service {

    @Override
    public void start(Context context) {
        // Up at once.
    }

    @Override
    public void stop(Context context) {
        // Down at once.
    }

    /** Always up; declared so a runner cannot tell it from a real check. */
    @Override
    public Health health() {
        return Health.up();
    }
}
