package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runner.ServiceState;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Transitions} allows exactly the arcs drawn in {@link ServiceState}'s Javadoc: every other
 * change of state is refused, so an engine bug that tries one fails loudly instead of going on.
 */
class TransitionTableTest {

    /** The diagram of {@link ServiceState}, arc by arc. */
    private static final Map<ServiceState, Set<ServiceState>> DRAWN = Map.of(
            ServiceState.NEW, EnumSet.of(ServiceState.WAITING),
            ServiceState.WAITING, EnumSet.of(ServiceState.STARTING, ServiceState.FAILED, ServiceState.STOPPED),
            ServiceState.STARTING, EnumSet.of(ServiceState.RUNNING, ServiceState.BACKING_OFF, ServiceState.FAILED,
                    ServiceState.STOPPED, ServiceState.STOPPING),
            ServiceState.RUNNING, EnumSet.of(ServiceState.BACKING_OFF, ServiceState.STOPPING),
            ServiceState.BACKING_OFF, EnumSet.of(ServiceState.STOPPING, ServiceState.STARTING, ServiceState.STOPPED),
            ServiceState.STOPPING, EnumSet.of(ServiceState.STOPPED, ServiceState.FAILED, ServiceState.STARTING,
                    ServiceState.WAITING),
            ServiceState.STOPPED, EnumSet.noneOf(ServiceState.class),
            ServiceState.FAILED, EnumSet.noneOf(ServiceState.class));

    @Test
    void exactlyTheDrawnArcsAreLegal() {
        for (ServiceState from : ServiceState.values()) {
            for (ServiceState to : ServiceState.values()) {
                assertEquals(DRAWN.get(from).contains(to), Transitions.legal(from, to), from + " -> " + to);
            }
        }
    }
}
