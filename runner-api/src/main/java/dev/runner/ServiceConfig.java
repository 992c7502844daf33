package dev.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The settings of one added service, as its options made them.
 *
 * @param dependsOn        the services it waits for, without repeats; includes {@code bindsTo}
 * @param startDelay       the wait before {@code start}, after the dependencies are ready
 * @param restart          how it is restarted
 * @param startTimeout     the bound of its start (delay, call and, with dependents, readiness)
 * @param stopTimeout      the bound of its {@code stop} call
 * @param healthInterval   the time between health checks while it runs
 * @param healthTimeout    the bound of one health check
 * @param startupGrace     the time after {@code start} in which a failed check means "not ready yet"
 * @param probes           the checks of things outside the process that are part of its health
 * @param failureThreshold how many consecutive failed checks make it fail
 * @param critical         whether giving up on it fails the runner
 * @param bindsTo          the dependencies it is restarted with, without repeats
 * @param readiness        whether its health gates {@link RunnerStatus#ready()}
 */
public record ServiceConfig(List<String> dependsOn, Duration startDelay, RestartConfig restart,
                            Duration startTimeout, Duration stopTimeout,
                            Duration healthInterval, Duration healthTimeout,
                            Duration startupGrace, List<HealthProbe> probes,
                            int failureThreshold, boolean critical, List<String> bindsTo, boolean readiness) {

    /** The failure threshold of a service checked by its own {@code health()} alone. */
    private static final int OWN_CHECK_THRESHOLD = 1;
    /** The failure threshold of a service with probes: a remote check can fail once on a blip. */
    private static final int PROBE_THRESHOLD = 3;

    private static final ServiceConfig DEFAULTS = new ServiceConfig(List.of(), Duration.ZERO,
            RestartConfig.defaults(), Duration.ofSeconds(90), Duration.ofSeconds(30),
            Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, List.of());

    /**
     * Creates a configuration.
     *
     * @throws NullPointerException     if a value is null
     * @throws IllegalArgumentException if a duration is negative, a timeout or the health interval
     *                                  is zero, the failure threshold is below 1, or a
     *                                  {@code bindsTo} name is missing from {@code dependsOn}
     */
    public ServiceConfig {
        dependsOn = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(dependsOn, "dependsOn must not be null")));
        Durations.requireNonNegative("startDelay", startDelay);
        Objects.requireNonNull(restart, "restart must not be null");
        Durations.requirePositive("startTimeout", startTimeout);
        Durations.requirePositive("stopTimeout", stopTimeout);
        Durations.requirePositive("healthInterval", healthInterval);
        Durations.requirePositive("healthTimeout", healthTimeout);
        Durations.requireNonNegative("startupGrace", startupGrace);
        probes = List.copyOf(Objects.requireNonNull(probes, "probes must not be null"));
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1: " + failureThreshold);
        }
        bindsTo = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(bindsTo, "bindsTo must not be null")));
        if (!dependsOn.containsAll(bindsTo)) {
            throw new IllegalArgumentException("bindsTo " + bindsTo + " must be within dependsOn " + dependsOn);
        }
    }

    /**
     * Creates a version 1 configuration: failure threshold by its probes (1 without, 3 with), not
     * critical, bound to nothing, counting toward readiness.
     *
     * @param dependsOn      the services it waits for
     * @param startDelay     the wait before {@code start}, after the dependencies are ready
     * @param restart        how it is restarted
     * @param startTimeout   the bound of its start
     * @param stopTimeout    the bound of its {@code stop} call
     * @param healthInterval the time between health checks while it runs
     * @param healthTimeout  the bound of one health check
     * @param startupGrace   the time after {@code start} in which a failed check means "not ready yet"
     * @param probes         the checks of things outside the process that are part of its health
     * @throws NullPointerException     if a value is null
     * @throws IllegalArgumentException as the canonical constructor
     */
    public ServiceConfig(List<String> dependsOn, Duration startDelay, RestartConfig restart,
                         Duration startTimeout, Duration stopTimeout,
                         Duration healthInterval, Duration healthTimeout,
                         Duration startupGrace, List<HealthProbe> probes) {
        this(dependsOn, startDelay, restart, startTimeout, stopTimeout, healthInterval, healthTimeout,
                startupGrace, probes, defaultThreshold(probes), false, List.of(), true);
    }

    /**
     * Returns the defaults: no dependencies, no start delay, {@link RestartConfig#defaults()},
     * start timeout 90 s, stop timeout 30 s, health checks every 1 s bounded by 1 s, no startup
     * grace, no probes, failure threshold 1, not critical, bound to nothing, counting toward
     * readiness.
     *
     * @return the default configuration
     */
    public static ServiceConfig defaults() {
        return DEFAULTS;
    }

    /**
     * Returns the defaults with the options applied in order. Unless an option sets the failure
     * threshold, it is 1 without probes and 3 with probes.
     *
     * @param options the options
     * @return the configuration
     * @throws NullPointerException if {@code options} or one of them is null
     */
    public static ServiceConfig of(Option... options) {
        Objects.requireNonNull(options, "options must not be null");
        ServiceConfig config = DEFAULTS;
        boolean thresholdSet = false;
        for (int i = 0; i < options.length; i++) {
            Option option = Objects.requireNonNull(options[i], "option " + i + " must not be null");
            thresholdSet |= option instanceof Option.FailureThreshold;
            config = config.with(option);
        }
        return thresholdSet ? config : config.withThreshold(defaultThreshold(config.probes));
    }

    /**
     * Returns a copy with one option applied: it overrides what it sets, except that
     * {@code dependsOn}, {@code bindsTo} and {@code probe} add to their lists. The failure
     * threshold changes only by its own option (see {@link #of} for its default).
     *
     * @param option the option
     * @return the new configuration
     * @throws NullPointerException if {@code option} is null
     */
    public ServiceConfig with(Option option) {
        Objects.requireNonNull(option, "option must not be null");
        Builder b = new Builder(this);
        // An instanceof chain, not a pattern switch: javac links each pattern switch at its first
        // run by generating a class (some 10 ms for a JVM's first, and not kept by the JDK's AOT
        // cache), and this runs in every application's first add. The last branch throws, so an
        // option added to Option without a branch here fails the first test that uses it.
        if (option instanceof Option.DependsOn o) {
            b.dependsOn = concat(dependsOn, o.names());
        } else if (option instanceof Option.BindsTo o) {
            b.dependsOn = concat(dependsOn, o.names());
            b.bindsTo = concat(bindsTo, o.names());
        } else if (option instanceof Option.StartDelay o) {
            b.startDelay = o.delay();
        } else if (option instanceof Option.Policy o) {
            b.restart = restart.withPolicy(o.policy());
        } else if (option instanceof Option.Restart o) {
            b.restart = o.config();
        } else if (option instanceof Option.MaxRetries o) {
            b.restart = restart.withMaxRetries(o.max());
        } else if (option instanceof Option.Backoff o) {
            b.restart = restart.withBackoff(o.initial(), o.max(), o.multiplier());
        } else if (option instanceof Option.StartTimeout o) {
            b.startTimeout = o.timeout();
        } else if (option instanceof Option.StopTimeout o) {
            b.stopTimeout = o.timeout();
        } else if (option instanceof Option.HealthCheck o) {
            b.healthInterval = o.interval();
            b.healthTimeout = o.timeout();
        } else if (option instanceof Option.StartupGrace o) {
            b.startupGrace = o.grace();
        } else if (option instanceof Option.Probe o) {
            b.probes = concat(probes, List.of(o.probe()));
        } else if (option instanceof Option.FailureThreshold o) {
            b.failureThreshold = o.consecutive();
        } else if (option instanceof Option.Critical) {
            b.critical = true;
        } else if (option instanceof Option.Readiness o) {
            b.readiness = o.counts();
        } else {
            throw new AssertionError("an option this version does not apply: " + option);
        }
        return b.build();
    }

    private ServiceConfig withThreshold(int threshold) {
        if (threshold == failureThreshold) {
            return this; // so that a service added without options shares DEFAULTS
        }
        Builder b = new Builder(this);
        b.failureThreshold = threshold;
        return b.build();
    }

    private static int defaultThreshold(List<HealthProbe> probes) {
        return Objects.requireNonNull(probes, "probes must not be null").isEmpty() ? OWN_CHECK_THRESHOLD : PROBE_THRESHOLD;
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** A mutable copy of the components, so each option changes only what it sets. */
    private static final class Builder {
        List<String> dependsOn;
        Duration startDelay;
        RestartConfig restart;
        Duration startTimeout;
        Duration stopTimeout;
        Duration healthInterval;
        Duration healthTimeout;
        Duration startupGrace;
        List<HealthProbe> probes;
        int failureThreshold;
        boolean critical;
        List<String> bindsTo;
        boolean readiness;

        Builder(ServiceConfig c) {
            dependsOn = c.dependsOn;
            startDelay = c.startDelay;
            restart = c.restart;
            startTimeout = c.startTimeout;
            stopTimeout = c.stopTimeout;
            healthInterval = c.healthInterval;
            healthTimeout = c.healthTimeout;
            startupGrace = c.startupGrace;
            probes = c.probes;
            failureThreshold = c.failureThreshold;
            critical = c.critical;
            bindsTo = c.bindsTo;
            readiness = c.readiness;
        }

        ServiceConfig build() {
            return new ServiceConfig(dependsOn, startDelay, restart, startTimeout, stopTimeout, healthInterval,
                    healthTimeout, startupGrace, probes, failureThreshold, critical, bindsTo, readiness);
        }
    }
}
