package dev.runner.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One run's clock: timeouts, health-check intervals, backoffs and deadlines.
 *
 * <p>Invariants: a single virtual thread fires every task, so tasks must never block (they only
 * interrupt threads, complete futures or start threads). A cancelled task is removed at once, so
 * idle services cost only their next scheduled task. After {@link #shutdown()} nothing fires and
 * {@link #schedule} returns a handle that never fires: calls made after a run ended are not bounded.
 */
final class Timer {

    /** A scheduled task that can be cancelled; cancelling twice or after it fired does nothing. */
    interface Handle {
        /** Cancels the task if it has not fired yet. */
        void cancel();
    }

    private static final Handle NEVER = () -> { };

    private final ScheduledThreadPoolExecutor executor;

    /** Creates a timer whose thread is named {@code <owner>/timer}. */
    Timer(String owner) {
        executor = new ScheduledThreadPoolExecutor(1, task -> Thread.ofVirtual().name(owner + "/timer").unstarted(task));
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    /** Runs {@code task} after {@code delay}; returns a handle that cancels it. */
    Handle schedule(Duration delay, Runnable task) {
        try {
            Future<?> future = executor.schedule(task, nanos(delay), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException shutDown) {
            return NEVER;
        }
    }

    /**
     * Returns a future that completes when {@code future} does or when {@code bound} has passed,
     * whichever is first; it never completes exceptionally.
     */
    CompletableFuture<Void> within(CompletableFuture<?> future, Duration bound) {
        CompletableFuture<Void> either = new CompletableFuture<>();
        Handle handle = schedule(bound, () -> either.complete(null));
        future.whenComplete((value, error) -> {
            handle.cancel();
            either.complete(null);
        });
        return either;
    }

    /** Stops the timer: pending tasks never fire and its thread ends. */
    void shutdown() {
        executor.shutdownNow();
    }

    /** Returns the duration in nanoseconds, saturating instead of overflowing. */
    static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
