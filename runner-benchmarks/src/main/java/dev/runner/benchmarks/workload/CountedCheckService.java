package dev.runner.benchmarks.workload;

import dev.runner.Context;
import dev.runner.Health;
import dev.runner.Service;
import java.util.concurrent.atomic.LongAdder;

/**
 * A no-op service whose health check is always up and counts its calls into a counter shared by
 * many services, so a measurement knows how many checks its runner made in a window of time.
 *
 * @param name   the service's name
 * @param checks the counter each {@code health()} call adds one to
 */
public record CountedCheckService(String name, LongAdder checks) implements Service {

    @Override
    public void start(Context context) {
        // Up at once.
    }

    @Override
    public void stop(Context context) {
        // Down at once.
    }

    /** Counts the call and reports up. */
    @Override
    public Health health() {
        checks.increment();
        return Health.up();
    }
}
