package dev.runner.engine;

import dev.runner.Context;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The context of one {@code start} or {@code stop} call.
 *
 * <p>{@link #isCancelled()} speaks of the call only: once the call has ended it no longer turns
 * true by its deadline. {@link #exited} is the instance's channel for the rest of its life; its
 * first call is handed to the listener and later ones are ignored.
 */
final class CallContext implements Context {

    private final long deadlineNanos;           // System.nanoTime() at the deadline
    private volatile Optional<Instant> deadline; // made when first asked for: most calls never ask
    private final Consumer<Throwable> onExit;   // null for a stop call
    private final AtomicBoolean exitReported = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile boolean ended;

    /**
     * Creates a context whose deadline is {@code nanos} from now.
     *
     * @param onExit receives the first {@link #exited} report, or null to ignore reports
     */
    CallContext(long nanos, Consumer<Throwable> onExit) {
        long now = System.nanoTime();
        this.deadlineNanos = now + Math.max(0, Math.min(nanos, Long.MAX_VALUE / 4));
        this.onExit = onExit;
        this.cancelled = nanos <= 0;
    }

    @Override
    public Optional<Instant> deadline() {
        Optional<Instant> made = deadline;
        if (made == null) {
            // Racing callers may each make one; they differ by nanoseconds and the last one stays.
            made = Optional.of(Instant.now().plusNanos(deadlineNanos - System.nanoTime()));
            deadline = made;
        }
        return made;
    }

    @Override
    public boolean isCancelled() {
        return cancelled || (!ended && System.nanoTime() - deadlineNanos >= 0);
    }

    @Override
    public void exited(Throwable cause) {
        if (onExit != null && exitReported.compareAndSet(false, true)) {
            onExit.accept(cause);
        }
    }

    /** Marks the call given up: {@link #isCancelled()} is true from now on. */
    void cancel() {
        cancelled = true;
    }

    /** Marks the call ended: its deadline no longer cancels it. */
    void ended() {
        ended = true;
    }
}
