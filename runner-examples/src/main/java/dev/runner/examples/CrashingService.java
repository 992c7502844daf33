package dev.runner.examples;

import dev.runner.Context;
import dev.runner.Service;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service that dies a moment after it started, the first few times it runs, and then stays up.
 *
 * <p>It reports the crash the way a real service reports a dropped connection: from a thread of
 * its own, through the {@link Context} its {@code start} was given. The runner sees the report at
 * once and restarts the service as its restart policy says.
 */
final class CrashingService implements Service {

    private final String name;
    private final Duration lifetime;
    private final AtomicInteger crashesLeft;

    /** The thread that crashes the current run; written by {@code start}, read by {@code stop}. */
    private volatile Thread crasher;

    /**
     * Creates a service.
     *
     * @param name     its name, unique within the runner
     * @param lifetime how long each crashing run lasts
     * @param crashes  how many runs crash before one stays up
     */
    CrashingService(String name, Duration lifetime, int crashes) {
        this.name = name;
        this.lifetime = lifetime;
        this.crashesLeft = new AtomicInteger(crashes);
    }

    @Override
    public String name() {
        return name;
    }

    /** Starts at once; a run that is to crash gets a thread that reports the crash later. */
    @Override
    public void start(Context context) {
        Console.print(name, "starting");
        if (crashesLeft.getAndDecrement() > 0) {
            crasher = Thread.ofVirtual().name(name + "-crasher").start(() -> crashLater(context));
            Console.print(name, "up (this run will crash in " + lifetime.toMillis() + " ms)");
        } else {
            crasher = null;
            Console.print(name, "up (this run stays up)");
        }
    }

    private void crashLater(Context context) {
        try {
            Thread.sleep(lifetime);
        } catch (InterruptedException stopped) {
            return; // stopped before the crash: nothing to report
        }
        Console.print(name, "CRASHED: lost connection to the queue");
        context.exited(new IllegalStateException("lost connection to the queue"));
    }

    /**
     * Stops the crash thread if it is still waiting.
     *
     * @throws InterruptedException if the stop overruns its timeout
     */
    @Override
    public void stop(Context context) throws InterruptedException {
        Console.print(name, "stopping");
        Thread thread = crasher;
        if (thread != null) {
            thread.interrupt();
            thread.join();
        }
        Console.print(name, "stopped");
    }
}
