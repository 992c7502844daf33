package dev.runner.engine;

import dev.runner.ServiceEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final CopyOnWriteArrayList<Consumer<? super ServiceEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final ReentrantLock progress = new ReentrantLock();
    private final Condition advanced = progress.newCondition();
    private long published;     // guarded by progress
    private long delivered;     // guarded by progress

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
        listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    void remove(Consumer<? super ServiceEvent> listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        listeners.remove(listener);
    }

    /** Tells whether anyone listens; when no one does, events need not even be made. */
    boolean any() {
        return !listeners.isEmpty();
    }

    /** Queues an event for the listeners registered now; never blocks. */
    void publish(ServiceEvent event) {
        Object[] to = listeners.toArray();
        if (to.length == 0) {
            return;
        }
        progress.lock();
        try {
            published++;
            queue.add(new Pending(event, to)); // under progress, so queue order is publication order
        } finally {
            progress.unlock();
        }
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
        progress.lock();
        try {
            long target = published;
            long left = nanos;
            while (delivered < target) {
                if (left <= 0) {
                    return false;
                }
                try {
                    left = advanced.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        } finally {
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
            for (Pending pending = queue.poll(); pending != null; pending = queue.poll()) {
                deliver(pending);
                progress.lock();
                try {
                    delivered++;
                    advanced.signalAll();
                } finally {
                    progress.unlock();
                }
            }
            draining.set(false);
            // A publisher that saw draining still true left its event to this thread: look again.
            if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void deliver(Pending pending) {
        for (Object o : pending.listeners()) {
            Consumer<? super ServiceEvent> listener = (Consumer<? super ServiceEvent>) o;
            if (!listeners.contains(listener)) {
                continue; // removed since: it gets no event delivered after its removal
            }
            try {
                listener.accept(pending.event());
            } catch (RuntimeException | Error e) {
                LOG.warn("runner {}: a listener threw on {}", Messages.quote(runner), pending.event(), e);
            }
        }
    }

}
