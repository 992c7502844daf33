package dev.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The settings of one added service, as its options made them.
 *
 * @param dependsOn      the services it waits for, without repeats
 * @param startDelay     the wait before {@code start}, after the dependencies are ready
 * @param restart        how it is restarted
 * @param startTimeout   the bound of its start (delay, call and, with dependents, readiness)
 * @param stopTimeout    the bound of its {@code stop} call
 * @param healthInterval the time between health checks while it runs
 * @param healthTimeout  the bound of one health check
 * @param startupGrace   the time after {@code start} in which a failed check means "not ready yet"
 * @param probes         the checks of things outside the process that are part of its health
 */
public record ServiceConfig(List<String> dependsOn, Duration startDelay, RestartConfig restart,
                            Duration startTimeout, Duration stopTimeout,
                            Duration healthInterval, Duration healthTimeout,
                            Duration startupGrace, List<HealthProbe> probes) {

    private static final ServiceConfig DEFAULTS = new ServiceConfig(List.of(), Duration.ZERO,
            RestartConfig.defaults(), Duration.ofSeconds(90), Duration.ofSeconds(30),
            Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, List.of());

    /**
     * Creates a configuration.
     *
     * @throws NullPointerException     if a value is null
     * @throws IllegalArgumentException if a duration is negative, or a timeout or the health
     *                                  interval is zero
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
    }

    /**
     * Returns the defaults: no dependencies, no start delay, {@link RestartConfig#defaults()},
     * start timeout 90 s, stop timeout 30 s, health checks every 1 s bounded by 1 s, no startup
     * grace, no probes.
     *
     * @return the default configuration
     */
    public static ServiceConfig defaults() {
        return DEFAULTS;
    }

    /**
     * Returns the defaults with the options applied in order.
     *
     * @param options the options
     * @return the configuration
     * @throws NullPointerException if {@code options} or one of them is null
     */
    public static ServiceConfig of(Option... options) {
        Objects.requireNonNull(options, "options must not be null");
        ServiceConfig config = DEFAULTS;
        for (int i = 0; i < options.length; i++) {
            config = config.with(Objects.requireNonNull(options[i], "option " + i + " must not be null"));
        }
        return config;
    }

    /**
     * Returns a copy with one option applied: it overrides what it sets, except that
     * {@code dependsOn} and {@code probe} add to their lists.
     *
     * @param option the option
     * @return the new configuration
     * @throws NullPointerException if {@code option} is null
     */
    public ServiceConfig with(Option option) {
        Objects.requireNonNull(option, "option must not be null");
        return switch (option) {
            case Option.DependsOn o -> new ServiceConfig(concat(dependsOn, o.names()), startDelay, restart,
                    startTimeout, stopTimeout, healthInterval, healthTimeout, startupGrace, probes);
            case Option.StartDelay o -> new ServiceConfig(dependsOn, o.delay(), restart,
                    startTimeout, stopTimeout, healthInterval, healthTimeout, startupGrace, probes);
            case Option.Policy o -> withRestart(restart.withPolicy(o.policy()));
            case Option.Restart o -> withRestart(o.config());
            case Option.MaxRetries o -> withRestart(restart.withMaxRetries(o.max()));
            case Option.Backoff o -> withRestart(restart.withBackoff(o.initial(), o.max(), o.multiplier()));
            case Option.StartTimeout o -> new ServiceConfig(dependsOn, startDelay, restart,
                    o.timeout(), stopTimeout, healthInterval, healthTimeout, startupGrace, probes);
            case Option.StopTimeout o -> new ServiceConfig(dependsOn, startDelay, restart,
                    startTimeout, o.timeout(), healthInterval, healthTimeout, startupGrace, probes);
            case Option.HealthCheck o -> new ServiceConfig(dependsOn, startDelay, restart,
                    startTimeout, stopTimeout, o.interval(), o.timeout(), startupGrace, probes);
            case Option.StartupGrace o -> new ServiceConfig(dependsOn, startDelay, restart,
                    startTimeout, stopTimeout, healthInterval, healthTimeout, o.grace(), probes);
            case Option.Probe o -> new ServiceConfig(dependsOn, startDelay, restart,
                    startTimeout, stopTimeout, healthInterval, healthTimeout, startupGrace, concat(probes, List.of(o.probe())));
        };
    }

    private ServiceConfig withRestart(RestartConfig newRestart) {
        return new ServiceConfig(dependsOn, startDelay, newRestart,
                startTimeout, stopTimeout, healthInterval, healthTimeout, startupGrace, probes);
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
