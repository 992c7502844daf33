package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.fail;

import dev.runner.ServiceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A listener that records every {@link ServiceEvent} it receives, in the order it received them,
 * with the thread each came on; tests read a service's sequence as simple names
 * ({@code [Starting, Started, Ready]}) and wait for a given event.
 *
 * <p>Invariants: {@link #received} only grows, and only under {@link #lock}; every addition
 * signals {@link #changed}, so a waiter never misses an event.
 */
final class RecordingListener implements Consumer<ServiceEvent> {

    /** A generous bound for an awaited event: this machine is shared and noisy. */
    static final Duration BOUND = Duration.ofSeconds(30);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private final List<ServiceEvent> received = new ArrayList<>();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    @Override
    public void accept(ServiceEvent event) {
        threads.add(Thread.currentThread());
        lock.lock();
        try {
            received.add(event);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the simple name of an event's type, such as {@code "Started"}. */
    static String nameOf(ServiceEvent event) {
        return event.getClass().getSimpleName();
    }

    /** Returns every event received so far, in the order received. */
    List<ServiceEvent> events() {
        lock.lock();
        try {
            return List.copyOf(received);
        } finally {
            lock.unlock();
        }
    }

    /** Returns one service's events, in the order received. */
    List<ServiceEvent> of(String service) {
        return events().stream().filter(e -> e.service().equals(service)).toList();
    }

    /** Returns one service's events of one type, in the order received. */
    <T extends ServiceEvent> List<T> of(String service, Class<T> type) {
        return of(service).stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Returns one service's events as simple names, such as {@code [Starting, Started, Ready]}. */
    List<String> names(String service) {
        return of(service).stream().map(RecordingListener::nameOf).toList();
    }

    /** Returns every service's sequence of simple names, services in the order first seen. */
    Map<String, List<String>> sequences() {
        Map<String, List<String>> sequences = new LinkedHashMap<>();
        for (ServiceEvent event : events()) {
            sequences.computeIfAbsent(event.service(), s -> new ArrayList<>()).add(nameOf(event));
        }
        return sequences;
    }

    /** Returns the threads events were delivered on. */
    Set<Thread> threads() {
        return Set.copyOf(threads);
    }

    /** Waits for the service's first event of that type; fails the test if it does not come in time. */
    <T extends ServiceEvent> T await(String service, Class<T> type) {
        return await(service, type, 1);
    }

    /** Waits for the service's {@code nth} event of that type (from 1); fails if it does not come in time. */
    <T extends ServiceEvent> T await(String service, Class<T> type, int nth) {
        Predicate<ServiceEvent> matches = e -> e.service().equals(service) && type.isInstance(e);
        List<ServiceEvent> events = awaitThat(service + "'s " + type.getSimpleName() + " #" + nth,
                all -> all.stream().filter(matches).count() >= nth);
        return type.cast(events.stream().filter(matches).skip(nth - 1).findFirst().orElseThrow());
    }

    /**
     * Waits until {@code condition} holds of the events received; fails if it does not in time.
     *
     * @return the events received when it held
     */
    List<ServiceEvent> awaitThat(String what, Predicate<List<ServiceEvent>> condition) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        lock.lock();
        try {
            while (true) {
                List<ServiceEvent> events = List.copyOf(received);
                if (condition.test(events)) {
                    return events;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return fail("no " + what + " within " + BOUND + "; received:\n" + dumpLocked());
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        } finally {
            lock.unlock();
        }
    }

    /** Returns the events received, one a line, for failure messages. */
    String dump() {
        lock.lock();
        try {
            return dumpLocked();
        } finally {
            lock.unlock();
        }
    }

    private String dumpLocked() {
        StringBuilder text = new StringBuilder();
        received.stream().limit(600).forEach(e -> text.append("  ").append(e).append('\n'));
        if (received.size() > 600) {
            text.append("  ... ").append(received.size() - 600).append(" more\n");
        }
        return text.toString();
    }
}
