package dev.runner;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A setting given to {@link Runner#add}: dependencies, timeouts, restarts, health checks and
 * probes.
 *
 * <p>Options apply in order. A later option overrides what an earlier one set, except
 * {@link #dependsOn} and {@link #probe}, which add to the lists. Every factory checks its
 * arguments at once and throws {@link IllegalArgumentException} (or {@link NullPointerException}
 * for a null) naming the problem.
 */
public sealed interface Option {

    /**
     * The services this one waits for: it starts only once they are all ready.
     *
     * @param names the services' names
     */
    record DependsOn(List<String> names) implements Option {
        /**
         * Checks the value.
         *
         * @throws IllegalArgumentException if a name is blank; NullPointerException if null
         */
        public DependsOn {
            names = requireNames("dependsOn", names);
        }
    }

    /**
     * The services this one depends on and is bound to: it waits for them, and when one of them
     * restarts it is stopped first and started again once that one is ready (systemd's
     * {@code BindsTo=}).
     *
     * @param names the services' names
     */
    record BindsTo(List<String> names) implements Option {
        /**
         * Checks the value.
         *
         * @throws IllegalArgumentException if a name is blank; NullPointerException if null
         */
        public BindsTo {
            names = requireNames("bindsTo", names);
        }
    }

    /**
     * How many checks in a row must fail before a running service counts as failed.
     *
     * @param consecutive the count, at least 1
     */
    record FailureThreshold(int consecutive) implements Option {
        /**
         * Checks the value.
         *
         * @throws IllegalArgumentException if {@code consecutive} is below 1
         */
        public FailureThreshold {
            if (consecutive < 1) {
                throw new IllegalArgumentException("failureThreshold must be at least 1: " + consecutive);
            }
        }
    }

    /** Marks the service critical: giving up on it fails the whole runner. */
    record Critical() implements Option {
    }

    /**
     * Whether the service's health counts toward {@link RunnerStatus#ready()}.
     *
     * @param counts true (the default) if it counts
     */
    record Readiness(boolean counts) implements Option {
    }

    /**
     * A wait before {@code start} is called, after the dependencies are ready.
     *
     * @param delay the wait
     */
    record StartDelay(Duration delay) implements Option {
        /**
         * Checks the value.
         *
         * @throws IllegalArgumentException if {@code delay} is negative
         */
        public StartDelay {
            Durations.requireNonNegative("startDelay", delay);
        }
    }

    /**
     * The restart policy alone; the rest of the restart configuration is kept.
     *
     * @param policy the policy
     */
    record Policy(RestartPolicy policy) implements Option {
        /**
         * Checks the value.
         *
         * @throws NullPointerException if {@code policy} is null
         */
        public Policy {
            Objects.requireNonNull(policy, "restartPolicy must not be null");
        }
    }

    /**
     * The whole restart configuration.
     *
     * @param config the configuration, already validated by its own constructor
     */
    record Restart(RestartConfig config) implements Option {
        /**
         * Checks the value.
         *
         * @throws NullPointerException if {@code config} is null
         */
        public Restart {
            Objects.requireNonNull(config, "restartConfig must not be null");
        }
    }

    /**
     * The retry limit alone; 0 means unlimited.
     *
     * @param max how many restarts at most
     */
    record MaxRetries(int max) implements Option {
        /**
         * Checks the value.
         *
         * @throws IllegalArgumentException if {@code max} is negative
         */
        public MaxRetries {
            if (max < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative: " + max);
            }
        }
    }

    /**
     * The restart backoff alone.
     *
     * @param initial    the first wait
     * @param max        the longest wait
     * @param multiplier the growth from one wait to the next
     */
    record Backoff(Duration initial, Duration max, double multiplier) implements Option {
        /**
         * Checks the value.
         *
         * @throws IllegalArgumentException if the values are not a valid backoff
         */
        public Backoff {
            RestartConfig.defaults().withBackoff(initial, max, multiplier);
        }
    }

    /**
     * How long the service may take to start: its start delay, its {@code start} call and, when
     * others depend on it, its becoming healthy.
     *
     * @param timeout the bound
     */
    record StartTimeout(Duration timeout) implements Option {
        /**
         * Checks the value.
         *
         * @throws IllegalArgumentException if {@code timeout} is not positive
         */
        public StartTimeout {
            Durations.requirePositive("startTimeout", timeout);
        }
    }

    /**
     * How long the service's {@code stop} call may take.
     *
     * @param timeout the bound
     */
    record StopTimeout(Duration timeout) implements Option {
        /**
         * Checks the value.
         *
         * @throws IllegalArgumentException if {@code timeout} is not positive
         */
        public StopTimeout {
            Durations.requirePositive("stopTimeout", timeout);
        }
    }

    /**
     * How often the service's health is checked while it runs, and how long one check may take.
     *
     * @param interval the time between checks
     * @param timeout  the bound of one check
     */
    record HealthCheck(Duration interval, Duration timeout) implements Option {
        /**
         * Checks the value.
         *
         * @throws IllegalArgumentException if a duration is not positive
         */
        public HealthCheck {
            Durations.requirePositive("healthCheck interval", interval);
            Durations.requirePositive("healthCheck timeout", timeout);
        }
    }

    /**
     * The time after {@code start} returns in which a failed health check means "not ready yet"
     * rather than a failure (the startup probe of Kubernetes).
     *
     * @param grace the time
     */
    record StartupGrace(Duration grace) implements Option {
        /**
         * Checks the value.
         *
         * @throws IllegalArgumentException if {@code grace} is negative
         */
        public StartupGrace {
            Durations.requireNonNegative("startupGrace", grace);
        }
    }

    /**
     * A check of something outside the process that is part of the service's health.
     *
     * @param probe the probe
     */
    record Probe(HealthProbe probe) implements Option {
        /**
         * Checks the value.
         *
         * @throws NullPointerException if {@code probe} is null
         */
        public Probe {
            Objects.requireNonNull(probe, "probe must not be null");
        }
    }

    /** Copies a list of service names, refusing a null list, a null name or a blank one. */
    private static List<String> requireNames(String option, List<String> names) {
        Objects.requireNonNull(names, option + " names must not be null");
        for (String name : names) {
            if (name == null) {
                throw new NullPointerException(option + " names must not contain null: " + names);
            }
            if (name.isBlank()) {
                throw new IllegalArgumentException(option + " names must not be blank: " + names);
            }
        }
        return List.copyOf(names);
    }

    /**
     * Makes the service wait for others: it starts only once they are all ready. Adds to earlier
     * {@code dependsOn} options.
     *
     * @param names the services' names
     * @return the option
     * @throws NullPointerException     if {@code names} or a name is null
     * @throws IllegalArgumentException if a name is blank
     */
    static Option dependsOn(String... names) {
        Objects.requireNonNull(names, "dependsOn names must not be null");
        return new DependsOn(Arrays.asList(names));
    }

    /**
     * Sets a wait before {@code start}, after the dependencies are ready.
     *
     * @param delay the wait
     * @return the option
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    static Option startDelay(Duration delay) {
        return new StartDelay(delay);
    }

    /**
     * Sets the restart policy, keeping the rest of the restart configuration.
     *
     * @param policy the policy
     * @return the option
     * @throws NullPointerException if {@code policy} is null
     */
    static Option restartPolicy(RestartPolicy policy) {
        return new Policy(policy);
    }

    /**
     * Sets the whole restart configuration.
     *
     * @param config the configuration
     * @return the option
     * @throws NullPointerException if {@code config} is null
     */
    static Option restartConfig(RestartConfig config) {
        return new Restart(config);
    }

    /**
     * Sets the retry limit; 0 means unlimited.
     *
     * @param max how many restarts at most; 0 means unlimited
     * @return the option
     * @throws IllegalArgumentException if {@code max} is negative
     */
    static Option maxRetries(int max) {
        return new MaxRetries(max);
    }

    /**
     * Sets the restart backoff.
     *
     * @param initial the first wait
     * @param max the longest wait
     * @param multiplier the growth from one wait to the next
     * @return the option
     * @throws IllegalArgumentException if a duration is negative, {@code initial} is above
     *                                  {@code max}, or {@code multiplier} is below 1 or not finite
     */
    static Option backoff(Duration initial, Duration max, double multiplier) {
        return new Backoff(initial, max, multiplier);
    }

    /**
     * Sets the start timeout (default 90 s).
     *
     * @param timeout the bound
     * @return the option
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    static Option startTimeout(Duration timeout) {
        return new StartTimeout(timeout);
    }

    /**
     * Sets the stop timeout (default 30 s).
     *
     * @param timeout the bound
     * @return the option
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    static Option stopTimeout(Duration timeout) {
        return new StopTimeout(timeout);
    }

    /**
     * Sets the health-check interval and the bound of one check (default 1 s each). The interval
     * runs from the end of one check to the beginning of the next, and at most one check of a
     * service is in flight, so a timeout above the interval is allowed: a slow check only delays
     * the next one (checks of a service never overlap or pile up).
     *
     * @param interval the time from the end of one check to the beginning of the next
     * @param timeout the bound of one check
     * @return the option
     * @throws IllegalArgumentException if a duration is not positive
     */
    static Option healthCheck(Duration interval, Duration timeout) {
        return new HealthCheck(interval, timeout);
    }

    /**
     * Sets the startup grace (default 0).
     *
     * @param grace the time
     * @return the option
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    static Option startupGrace(Duration grace) {
        return new StartupGrace(grace);
    }

    /**
     * Makes the service wait for others and restart with them: when one of them restarts, this
     * service is stopped before that one's old instance stops, and started again once it is ready.
     * Implies {@link #dependsOn} of the same names; adds to earlier {@code bindsTo} options.
     *
     * @param names the services' names
     * @return the option
     * @throws NullPointerException     if {@code names} or a name is null
     * @throws IllegalArgumentException if a name is blank
     */
    static Option bindsTo(String... names) {
        Objects.requireNonNull(names, "bindsTo names must not be null");
        return new BindsTo(Arrays.asList(names));
    }

    /**
     * Sets how many consecutive failed health checks make a running service fail (default 1 for a
     * service checked by its own {@code health()} alone, 3 for one with probes). A passed check
     * resets the count; checks within the startup grace do not count.
     *
     * @param consecutive the count, at least 1
     * @return the option
     * @throws IllegalArgumentException if {@code consecutive} is below 1
     */
    static Option failureThreshold(int consecutive) {
        return new FailureThreshold(consecutive);
    }

    /**
     * Marks the service critical: when it gives up (no restart left after a failure), the runner
     * fails, stops every service, and {@link Runner#run} throws naming it.
     *
     * @return the option
     */
    static Option critical() {
        return new Critical();
    }

    /**
     * Sets whether the service's health gates {@link RunnerStatus#ready()} (default true). A
     * background worker whose crash should not take the application out of load balancing
     * passes false; its health still shows in {@link Runner#status()}.
     *
     * @param counts whether it counts
     * @return the option
     */
    static Option readiness(boolean counts) {
        return new Readiness(counts);
    }

    /**
     * Adds a probe resolved now through {@link HealthProbe#of(String)}.
     *
     * @param uri the target, such as {@code jdbc:postgresql://db:5432/app} or
     *            {@code http://localhost:8080/health}
     * @return the option
     * @throws IllegalArgumentException if no installed plugin handles the URI's scheme (the message
     *                                  names the scheme and lists the installed ones) or the URI is
     *                                  malformed
     */
    static Option probe(String uri) {
        return new Probe(HealthProbe.of(uri));
    }

    /**
     * Adds a probe.
     *
     * @param probe the probe
     * @return the option
     * @throws NullPointerException if {@code probe} is null
     */
    static Option probe(HealthProbe probe) {
        return new Probe(probe);
    }
}
