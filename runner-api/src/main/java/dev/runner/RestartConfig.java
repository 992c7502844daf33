package dev.runner;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a service is restarted: the policy, a retry limit, and an exponential backoff with optional
 * jitter.
 *
 * @param policy         when to restart
 * @param maxRetries     how many restarts at most; 0 means unlimited
 * @param initialBackoff the wait before the first restart
 * @param maxBackoff     the longest wait, jitter included
 * @param multiplier     the growth of the wait from one restart to the next; at least 1
 * @param jitter         whether each wait is spread by ±25 %, so restarts of many services do not
 *                       fall together
 * @param resetAfter     how long an instance must run healthy for the restart count and the
 *                       backoff to start again from zero, so {@code maxRetries} limits a burst of
 *                       restarts rather than restarts over a lifetime; {@code ZERO} never resets
 */
public record RestartConfig(RestartPolicy policy, int maxRetries, Duration initialBackoff,
                            Duration maxBackoff, double multiplier, boolean jitter, Duration resetAfter) {

    /** The default of {@link #resetAfter}: Kubernetes' crash-loop reset. */
    private static final Duration DEFAULT_RESET_AFTER = Duration.ofMinutes(10);

    private static final RestartConfig DEFAULTS = new RestartConfig(
            RestartPolicy.ON_FAILURE, 5, Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0, true);

    /** How far jitter spreads a wait either way. */
    private static final double JITTER = 0.25;

    /**
     * Creates a restart configuration.
     *
     * @throws NullPointerException     if {@code policy} or a duration is null
     * @throws IllegalArgumentException if {@code maxRetries} or a duration is negative, the initial
     *                                  backoff is above the maximum, or the multiplier is below 1 or
     *                                  not finite
     */
    public RestartConfig {
        Durations.requireNonNegative("resetAfter", resetAfter);
        Objects.requireNonNull(policy, "policy must not be null");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        }
        Durations.requireNonNegative("initialBackoff", initialBackoff);
        Durations.requireNonNegative("maxBackoff", maxBackoff);
        if (initialBackoff.compareTo(maxBackoff) > 0) {
            throw new IllegalArgumentException(
                    "initialBackoff " + initialBackoff + " must not be above maxBackoff " + maxBackoff);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be finite and at least 1: " + multiplier);
        }
    }

    /**
     * Creates a restart configuration that resets after 10 minutes of healthy running.
     *
     * @param policy         when to restart
     * @param maxRetries     restarts at most; 0 means unlimited
     * @param initialBackoff the wait before the first restart
     * @param maxBackoff     the cap on any wait
     * @param multiplier     the growth of the wait per restart, at least 1
     * @param jitter         whether to spread each wait by up to ±25 %
     * @throws NullPointerException     if {@code policy} or a duration is null
     * @throws IllegalArgumentException as the canonical constructor
     */
    public RestartConfig(RestartPolicy policy, int maxRetries, Duration initialBackoff,
                         Duration maxBackoff, double multiplier, boolean jitter) {
        this(policy, maxRetries, initialBackoff, maxBackoff, multiplier, jitter, DEFAULT_RESET_AFTER);
    }

    /**
     * Returns the defaults: {@code ON_FAILURE}, 5 retries, backoff from 1 s doubling up to 60 s,
     * with jitter, reset after 10 minutes of healthy running.
     *
     * @return the default configuration
     */
    public static RestartConfig defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a copy with another policy.
     *
     * @param policy the policy
     * @return the copy
     * @throws NullPointerException if {@code policy} is null
     */
    public RestartConfig withPolicy(RestartPolicy policy) {
        return new RestartConfig(policy, maxRetries, initialBackoff, maxBackoff, multiplier, jitter, resetAfter);
    }

    /**
     * Returns a copy with another retry limit; 0 means unlimited.
     *
     * @param maxRetries the limit
     * @return the copy
     * @throws IllegalArgumentException if {@code maxRetries} is negative
     */
    public RestartConfig withMaxRetries(int maxRetries) {
        return new RestartConfig(policy, maxRetries, initialBackoff, maxBackoff, multiplier, jitter, resetAfter);
    }

    /**
     * Returns a copy with another backoff.
     *
     * @param initial    the wait before the first restart
     * @param max        the cap on any wait
     * @param multiplier the growth of the wait per restart
     * @return the copy
     * @throws NullPointerException     if a duration is null
     * @throws IllegalArgumentException if a duration is negative, {@code initial} is above
     *                                  {@code max}, or {@code multiplier} is below 1 or not finite
     */
    public RestartConfig withBackoff(Duration initial, Duration max, double multiplier) {
        return new RestartConfig(policy, maxRetries, initial, max, multiplier, jitter, resetAfter);
    }

    /**
     * Returns a copy with jitter turned on or off; never fails.
     *
     * @param jitter whether to spread each wait by up to ±25 %
     * @return the copy
     */
    public RestartConfig withJitter(boolean jitter) {
        return new RestartConfig(policy, maxRetries, initialBackoff, maxBackoff, multiplier, jitter, resetAfter);
    }

    /**
     * Returns a copy with another reset period; {@code ZERO} never resets.
     *
     * @param resetAfter how long an instance must run healthy before its restart count resets
     * @return the copy
     * @throws NullPointerException     if {@code resetAfter} is null
     * @throws IllegalArgumentException if {@code resetAfter} is negative
     */
    public RestartConfig withResetAfter(Duration resetAfter) {
        return new RestartConfig(policy, maxRetries, initialBackoff, maxBackoff, multiplier, jitter, resetAfter);
    }

    /**
     * Returns the wait before a restart: {@code initialBackoff * multiplier^attempt}, capped at
     * {@code maxBackoff}; with jitter, spread by up to ±25 % and still capped at {@code maxBackoff}.
     *
     * @param attempt 0 for the first restart, 1 for the second, and so on
     * @return the wait, between zero and {@code maxBackoff}
     * @throws IllegalArgumentException if {@code attempt} is negative
     */
    public Duration backoff(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative: " + attempt);
        }
        double max = nanos(maxBackoff);
        // Doubles saturate to infinity instead of overflowing, and the cap brings them back.
        double nanos = Math.min(max, nanos(initialBackoff) * Math.pow(multiplier, attempt));
        if (jitter) {
            double spread = 1.0 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER);
            nanos = Math.min(max, nanos * spread);
        }
        return Duration.ofNanos((long) nanos);
    }

    /** Returns a duration in nanoseconds without {@link Duration#toNanos()}'s overflow. */
    private static double nanos(Duration duration) {
        return duration.getSeconds() * 1e9 + duration.getNano();
    }

    /**
     * Decides whether a service that ended is restarted.
     *
     * @param failed  true for a failure, false for a clean exit
     * @param attempt how many restarts were already made
     * @return true if the policy allows a restart and the retry limit is not reached
     */
    public boolean shouldRestart(boolean failed, int attempt) {
        boolean wanted = switch (policy) {
            case NEVER -> false;
            case ON_FAILURE -> failed;
            case ALWAYS -> true;
        };
        return wanted && (maxRetries == 0 || attempt < maxRetries);
    }
}
