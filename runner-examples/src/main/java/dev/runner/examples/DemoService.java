package dev.runner.examples;

import dev.runner.Context;
import dev.runner.Service;
import java.time.Duration;

/**
 * A stand-in for a part of an application, such as a cache or a worker pool: it takes a while to
 * start and to stop, and prints when it does.
 */
final class DemoService implements Service {

    private final String name;
    private final Duration startTime;
    private final Duration stopTime;

    /**
     * Creates a service.
     *
     * @param name      its name, unique within the runner
     * @param startTime how long its {@code start} takes
     * @param stopTime  how long its {@code stop} takes
     */
    DemoService(String name, Duration startTime, Duration stopTime) {
        this.name = name;
        this.startTime = startTime;
        this.stopTime = stopTime;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Pretends to start.
     *
     * @throws InterruptedException if the runner gives the start up (its timeout, or a stop)
     */
    @Override
    public void start(Context context) throws InterruptedException {
        Console.print(name, "starting");
        Thread.sleep(startTime);
        Console.print(name, "up");
    }

    /**
     * Pretends to stop.
     *
     * @throws InterruptedException if the stop overruns its timeout
     */
    @Override
    public void stop(Context context) throws InterruptedException {
        Console.print(name, "stopping");
        Thread.sleep(stopTime);
        Console.print(name, "stopped");
    }
}
