package dev.runner.engine;

import dev.runner.Health;
import dev.runner.HealthProbe;
import dev.runner.Service;
import java.time.Duration;
import java.util.List;

/**
 * One health check of a service: its own {@code health()} and then each of its probes, stopping
 * at the first that is down. A throw counts as down; the caller bounds the whole check.
 */
record HealthCheck(Service service, List<HealthProbe> probes, Duration timeout) {

    /** Per class: whether its {@code health()} is {@link Service}'s default, which is always up. */
    private static final ClassValue<Boolean> DEFAULT_HEALTH = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("health").getDeclaringClass() == Service.class;
            } catch (NoSuchMethodException impossible) {
                return false;
            }
        }
    };

    /**
     * Tells whether the check is always up: no probes, and the service keeps the default
     * {@code health()}. Such a check is skipped, which spares a thread per check and interval.
     */
    boolean alwaysUp() {
        return probes.isEmpty() && DEFAULT_HEALTH.get(service.getClass());
    }

    /** Runs the check on the current thread; never throws. */
    Health run() {
        long deadline = System.nanoTime() + Timer.nanos(timeout);
        Health own;
        try {
            own = service.health();
        } catch (Throwable e) {
            return Health.down(e);
        }
        if (own == null) {
            return Health.down("health() returned null");
        }
        if (!own.healthy()) {
            return own;
        }
        for (HealthProbe probe : probes) {
            Health result;
            try {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                result = probe.check(left);
            } catch (Throwable e) {
                result = Health.down(e);
            }
            if (result == null || !result.healthy()) {
                return Health.down("probe " + nameOf(probe) + ": " + (result == null ? "returned null" : result.detail()));
            }
        }
        return own;
    }

    private static String nameOf(HealthProbe probe) {
        try {
            return probe.name();
        } catch (RuntimeException e) {
            return probe.getClass().getName();
        }
    }

    /** Returns the result of a check that overran its timeout. */
    Health timedOut() {
        return Health.down("health check timed out after " + Messages.format(timeout));
    }
}
