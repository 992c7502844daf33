package dev.runner.engine;

import dev.runner.ServiceEvent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A listener that keeps every {@link ServiceEvent} a runner delivers to it, so supervision tests
 * can assert on what the runner decided. Per service the events are kept in the order they were
 * delivered, which the contract makes the order they happened.
 */
final class SupervisionListener implements Consumer<ServiceEvent> {

    private final List<ServiceEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void accept(ServiceEvent event) {
        events.add(event);
    }

    /** Returns every event so far, in the order delivered. */
    List<ServiceEvent> all() {
        return List.copyOf(events);
    }

    /** Returns the service's events, in order. */
    List<ServiceEvent> of(String service) {
        return events.stream().filter(e -> e.service().equals(service)).toList();
    }

    /** Returns the service's events of one type, in order. */
    <T extends ServiceEvent> List<T> of(String service, Class<T> type) {
        return of(service).stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Returns the service's first event of one type, if it came. */
    <T extends ServiceEvent> Optional<T> first(String service, Class<T> type) {
        return of(service, type).stream().findFirst();
    }

    /** Tells whether the service had an event of that type. */
    boolean has(String service, Class<? extends ServiceEvent> type) {
        return !of(service, type).isEmpty();
    }

    /** Returns the types of the service's events in order, such as {@code [Starting, Started, Ready]}. */
    List<String> kinds(String service) {
        return of(service).stream().map(e -> e.getClass().getSimpleName()).toList();
    }

    /** Returns every event, one a line, for failure messages. */
    String dump() {
        StringBuilder text = new StringBuilder();
        events.forEach(e -> text.append("  ").append(e).append('\n'));
        return text.toString();
    }
}
