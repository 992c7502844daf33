package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread-safe, totally ordered record of what test services did, so tests can assert on order
 * (never on wall-clock time).
 */
final class EventLog {

    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

    /** Records an event now and returns it. */
    Event add(String service, int instance, Event.Kind kind, String detail) {
        // The sequence number is taken and the event stored before the caller goes on, so an
        // event that happens-before another always has the smaller number.
        Event event = new Event(sequence.incrementAndGet(), service, instance, kind, detail,
                Thread.currentThread(), System.nanoTime());
        events.add(event);
        return event;
    }

    /** Records a mark made by the test itself. */
    Event mark(String what) {
        return add("test", 0, Event.Kind.MARK, what);
    }

    /** Returns every event so far in order. */
    List<Event> all() {
        return events.stream().sorted(Comparator.comparingLong(Event::seq)).toList();
    }

    /** Returns a service's events of one kind, in order. */
    List<Event> of(String service, Event.Kind kind) {
        return all().stream().filter(e -> e.service().equals(service) && e.kind() == kind).toList();
    }

    /** Returns the events of one kind, in order. */
    List<Event> of(Event.Kind kind) {
        return all().stream().filter(e -> e.kind() == kind).toList();
    }

    /** Returns the service's event of one kind for one instance, if it happened. */
    Optional<Event> find(String service, int instance, Event.Kind kind) {
        return all().stream()
                .filter(e -> e.service().equals(service) && e.instance() == instance && e.kind() == kind)
                .findFirst();
    }

    /** Returns the service's event of one kind for one instance, failing the test if it did not happen. */
    Event get(String service, int instance, Event.Kind kind) {
        return find(service, instance, kind).orElseGet(
                () -> fail(service + "/" + instance + " has no " + kind + " event; log:\n" + dump()));
    }

    /** Tells whether the service had an event of that kind. */
    boolean has(String service, Event.Kind kind) {
        return !of(service, kind).isEmpty();
    }

    /** Returns the names of the services with an event of that kind, in the order of those events. */
    List<String> order(Event.Kind kind) {
        return of(kind).stream().map(Event::service).toList();
    }

    /** Asserts that {@code first} was logged before {@code second}. */
    void assertBefore(Event first, Event second) {
        assertTrue(first.seq() < second.seq(), first + " should come before " + second + "; log:\n" + dump());
    }

    /** Returns the log, one event a line, for failure messages; long logs are cut after 600 events. */
    String dump() {
        StringBuilder text = new StringBuilder();
        List<Event> all = all();
        all.stream().limit(600).forEach(e -> text.append("  ").append(e).append('\n'));
        if (all.size() > 600) {
            text.append("  ... ").append(all.size() - 600).append(" more\n");
        }
        return text.toString();
    }
}
