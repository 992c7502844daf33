package dev.runner.engine;

import dev.runner.ServiceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runner's listeners and the delivery of its events to them.
 *
 * <p>Events are queued where they happen, under the lock of the service they are about, so each
 * service's events are queued in the order they happened. One delivery thread of the runner's own
 * drains the queue in that order; it exists only while events are pending, so an idle runner
 * holds no thread. Invariants:
 * <ul>
 *   <li>{@link #publish} never blocks and never calls a listener: it may run under engine locks.</li>
 *   <li>Each event goes to the listeners registered when it was published that are still
 *       registered when it is delivered, each exactly once, never under an engine lock.</li>
 *   <li>At most one delivery thread runs ({@link #draining}); whoever publishes after it found
 *       the queue empty starts the next, so no event is left behind.</li>
 *   <li>{@link #delivered} counts delivered events in publication order, so waiting for "every
 *       event published so far" is waiting for {@code delivered} to reach {@link #published}.</li>
 * </ul>
 */
final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    /** An event with the listeners it goes to. */
    private record Pending(ServiceEvent event, Object[] listeners) {
    }

    /** The listeners whose delivery thread this is, on that thread; null elsewhere. */
    private static final ThreadLocal<Listeners> DELIVERING = new ThreadLocal<>();

    private final String runner;
    private final Object owner;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final ReentrantLock progress = new ReentrantLock();   // for registrations and waiters
    private final Condition advanced = progress.newCondition();
    private volatile Object[] registered = new Object[0]; // written under progress; read as is
    private final AtomicLong published = new AtomicLong();
    private volatile long delivered;    // written by the one delivery thread
    private final AtomicInteger waiting = new AtomicInteger(); // callers in awaitDelivered

    /**
     * Creates the listeners of a runner.
     *
     * @param owner marks the delivery thread as the runner's own (see {@link Threads#ownedBy})
     */
    Listeners(String runner, Object owner) {
        this.runner = runner;
        this.owner = owner;
    }

    void add(Consumer<? super ServiceEvent> listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        progress.lock();
        try {
            Object[] more = Arrays.copyOf(registered, registered.length + 1);
            more[more.length - 1] = listener;
            registered = more;
        } finally {
            progress.unlock();
        }
    }

    void remove(Consumer<? super ServiceEvent> listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        progress.lock();
        try {
            List<Object> fewer = new ArrayList<>(Arrays.asList(registered));
            if (fewer.remove(listener)) {
                registered = fewer.toArray();
            }
        } finally {
            progress.unlock();
        }
    }

    /** Tells whether anyone listens; when no one does, events need not even be made. */
    boolean any() {
        return registered.length > 0;
    }

    /** Queues an event for the listeners registered now; never blocks. */
    void publish(ServiceEvent event) {
        Object[] to = registered;
        if (to.length == 0) {
            return;
        }
        // Counted before it is queued: a waiter that counts it waits for it, and the queue is
        // FIFO, so once as many events as were counted are delivered, every event queued before
        // the count was read is among them.
        published.incrementAndGet();
        queue.add(new Pending(event, to));
        if (draining.compareAndSet(false, true)) {
            Threads.startOwned(runner + "/events", owner, this::drain);
        }
    }

    /**
     * Waits until every event published so far was delivered, at most {@code nanos}; returns at
     * once on the delivery thread itself, which must never wait for itself.
     *
     * @return true if they were delivered
     */
    boolean awaitDelivered(long nanos) {
        if (DELIVERING.get() == this) {
            return false;
        }
        long target = published.get();
        if (delivered >= target) {
            return true;
        }
        progress.lock();
        waiting.incrementAndGet(); // before reading delivered again: the delivery thread reads
        try {                      // waiting after writing delivered, so one of the two sees the other
            long left = nanos;
            while (delivered < target) {
                if (left <= 0) {
                    return false;
                }
                left = advanced.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiting.decrementAndGet();
            progress.unlock();
        }
    }

    /** Waits as {@link #awaitDelivered(long)} with a duration. */
    boolean awaitDelivered(Duration bound) {
        return awaitDelivered(Timer.nanos(bound));
    }

    private void drain() {
        DELIVERING.set(this);
        while (true) {
            long count = 0;
            for (Pending pending = queue.poll(); pending != null; pending = queue.poll()) {
                deliver(pending);
                if (++count % 64 == 0 || queue.isEmpty()) {
                    advance(count);
                    count = 0;
                }
            }
            advance(count);
            draining.set(false);
            // A publisher that saw draining still true left its event to this thread: look again.
            if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Counts delivered events and wakes whoever waits for them. */
    private void advance(long count) {
        if (count == 0) {
            return;
        }
        delivered += count; // only this thread writes it
        if (waiting.get() > 0) {
            progress.lock();
            try {
                advanced.signalAll();
            } finally {
                progress.unlock();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void deliver(Pending pending) {
        // The registered set is read again for each listener: one removed while an earlier one ran
        for (Object o : pending.listeners()) {
            Consumer<? super ServiceEvent> listener = (Consumer<? super ServiceEvent>) o;
            if (!contains(registered, listener)) {
                continue; // removed since: it gets no event delivered after its removal
            }
            try {
                listener.accept(pending.event());
            } catch (RuntimeException | Error e) {
                LOG.warn("runner {}: a listener threw on {}", Messages.quote(runner), pending.event(), e);
            }
        }
    }


    private static boolean contains(Object[] listeners, Object listener) {
        for (Object registeredListener : listeners) {
            if (registeredListener.equals(listener)) {
                return true;
            }
        }
        return false;
    }
}
