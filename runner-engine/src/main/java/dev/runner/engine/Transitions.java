package dev.runner.engine;

import static dev.runner.ServiceState.BACKING_OFF;
import static dev.runner.ServiceState.FAILED;
import static dev.runner.ServiceState.NEW;
import static dev.runner.ServiceState.RUNNING;
import static dev.runner.ServiceState.STARTING;
import static dev.runner.ServiceState.STOPPED;
import static dev.runner.ServiceState.STOPPING;
import static dev.runner.ServiceState.WAITING;

import dev.runner.ServiceState;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The legal transitions of {@link ServiceState}, the one table that {@link ManagedService#moveTo}
 * checks. The diagram is in {@code ServiceState}'s Javadoc; every arc here is drawn there.
 */
final class Transitions {

    private static final Map<ServiceState, Set<ServiceState>> LEGAL = new EnumMap<>(ServiceState.class);

    static {
        LEGAL.put(NEW, EnumSet.of(WAITING));
        // launched; start timed out in its delay; the run stopped before it began
        LEGAL.put(WAITING, EnumSet.of(STARTING, FAILED, STOPPED));
        // start returned; threw with a restart left; threw for good; given up by the run's stop;
        // returned just as the run's stop began, which then stops it
        LEGAL.put(STARTING, EnumSet.of(RUNNING, BACKING_OFF, FAILED, STOPPED, STOPPING));
        // a failure with a restart left; a stop (the run's, a bound one, or after giving up)
        LEGAL.put(RUNNING, EnumSet.of(BACKING_OFF, STOPPING));
        // backoff over: stop the old instance, or start again when none is left; the run's stop
        LEGAL.put(BACKING_OFF, EnumSet.of(STOPPING, STARTING, STOPPED));
        // ended; ended after giving up; restart; wait for a bound dependency to be ready again
        LEGAL.put(STOPPING, EnumSet.of(STOPPED, FAILED, STARTING, WAITING));
        LEGAL.put(STOPPED, EnumSet.noneOf(ServiceState.class));
        LEGAL.put(FAILED, EnumSet.noneOf(ServiceState.class));
    }

    private Transitions() {
    }

    /** Tells whether a service may go from {@code from} to {@code to}. */
    static boolean legal(ServiceState from, ServiceState to) {
        return LEGAL.get(from).contains(to);
    }
}
