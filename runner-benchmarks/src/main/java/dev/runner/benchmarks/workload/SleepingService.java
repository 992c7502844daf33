package dev.runner.benchmarks.workload;

import dev.runner.Context;
import dev.runner.Service;
import java.time.Duration;

/**
 * A service whose {@code start} and {@code stop} each take a fixed time, spent asleep as a service
 * waiting on I/O would be; a zero latency makes the call a no-op.
 *
 * @param name         the service's name
 * @param startLatency how long {@code start} sleeps
 * @param stopLatency  how long {@code stop} sleeps
 */
public record SleepingService(String name, Duration startLatency, Duration stopLatency) implements Service {

    /**
     * Sleeps for the start latency.
     *
     * @throws InterruptedException if interrupted while asleep (the runner cancelled the call)
     */
    @Override
    public void start(Context context) throws InterruptedException {
        sleep(startLatency);
    }

    /**
     * Sleeps for the stop latency.
     *
     * @throws InterruptedException if interrupted while asleep (the call overran its timeout)
     */
    @Override
    public void stop(Context context) throws InterruptedException {
        sleep(stopLatency);
    }

    private static void sleep(Duration latency) throws InterruptedException {
        if (!latency.isZero()) {
            Thread.sleep(latency);
        }
    }
}
