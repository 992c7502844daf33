package dev.runner;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The deadline and cancellation of one {@code start} or {@code stop} call, and a service's channel
 * to report that it ended by itself.
 */
public interface Context {

    /**
     * Returns the instant by which the call should return.
     *
     * @return the deadline, or empty when the call is not bounded
     */
    Optional<Instant> deadline();

    /**
     * Tells whether the call should give up: its deadline has passed or the runner gave it up.
     *
     * <p>For the context of a {@code start} call, this speaks only of that call, never of the
     * service's later life.
     *
     * @return true once the call is cancelled
     */
    boolean isCancelled();

    /**
     * Reports that the service stopped by itself after {@code start} returned. Callable from any
     * thread; the first call wins and later ones are ignored.
     *
     * @param cause why the service ended, or null for a clean exit
     */
    void exited(Throwable cause);

    /**
     * Returns a context with no deadline that is never cancelled and ignores {@link #exited}.
     *
     * @return the background context
     */
    static Context background() {
        return DeadlineContext.BACKGROUND;
    }

    /**
     * Returns a context whose deadline is {@code timeout} from now; {@link #exited} is ignored. A
     * timeout too large to add to the clock (such as {@code ChronoUnit.FOREVER.getDuration()})
     * means no deadline.
     *
     * @param timeout how long the call may take
     * @return a new context
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    static Context withTimeout(Duration timeout) {
        Durations.requireNonNegative("timeout", timeout);
        Instant now = Instant.now();
        if (timeout.compareTo(Duration.between(now, Instant.MAX)) >= 0) {
            return DeadlineContext.BACKGROUND;
        }
        return new DeadlineContext(Optional.of(now.plus(timeout)));
    }
}
