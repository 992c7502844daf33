package dev.runner.micrometer;

import dev.runner.RunnerStatus;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The runner's status as the gauges read it: taken at most once per {@link #MAX_AGE}, so one
 * scrape, which reads a dozen gauges per service, asks the runner once.
 *
 * <p>Invariant: {@link #get()} never returns a status older than {@link #MAX_AGE} (plus the time
 * its caller takes). Two threads may both take a fresh status at once; either result is current.
 */
final class StatusSnapshot {

    /** How long a status is reused. */
    static final Duration MAX_AGE = Duration.ofMillis(100);

    private record Taken(RunnerStatus status, long atNanos) {
    }

    private final Supplier<RunnerStatus> source;
    private volatile Taken last;

    StatusSnapshot(Supplier<RunnerStatus> source) {
        this.source = source;
    }

    /** Returns a status no older than {@link #MAX_AGE}; throws whatever the runner's status throws. */
    RunnerStatus get() {
        long now = System.nanoTime();
        Taken taken = last;
        if (taken == null || now - taken.atNanos() >= MAX_AGE.toNanos()) {
            taken = new Taken(source.get(), now);
            last = taken;
        }
        return taken.status();
    }
}
