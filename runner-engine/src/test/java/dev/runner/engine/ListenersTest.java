package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.ServiceEvent;
import dev.runner.ServiceEvent.Starting;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, Version 2, Events, on the runner's listeners alone: a listener removed is no longer
 * delivered to, waiting for delivery reports whether every event published so far was delivered
 * (and never waits on the delivery thread itself, so a listener cannot deadlock), and an
 * interrupted waiter gives up and keeps its interrupt.
 */
class ListenersTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private static ServiceEvent starting(int attempt) {
        return new Starting("svc", Instant.EPOCH, attempt);
    }

    /** A listener that records its events and, while {@code hold} is closed, blocks in each. */
    private static final class Blocking implements Consumer<ServiceEvent> {
        final Queue<ServiceEvent> got = new ConcurrentLinkedQueue<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch hold = new CountDownLatch(1);

        @Override
        public void accept(ServiceEvent event) {
            got.add(event);
            entered.countDown();
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aListenerRemovedOnAnotherThreadLeavesTheListenersUsableFromThisOne() throws Exception {
        Listeners listeners = new Listeners("r", new Object());
        Queue<ServiceEvent> removedGot = new ConcurrentLinkedQueue<>();
        Consumer<ServiceEvent> removed = removedGot::add;
        listeners.add(removed);
        Thread.ofVirtual().start(() -> listeners.remove(removed)).join();

        Queue<ServiceEvent> keptGot = new ConcurrentLinkedQueue<>();
        ServiceEvent event = starting(1);
        assertTimeoutPreemptively(BOUND, () -> {
            listeners.add(keptGot::add);
            listeners.publish(event);
            assertTrue(listeners.awaitDelivered(BOUND));
        });
        assertEquals(List.of(event), List.copyOf(keptGot));
        assertEquals(List.of(), List.copyOf(removedGot));
    }

    @Test
    void aListenerThatWaitsForDeliveryGetsFalseAtOnceInsteadOfWaitingForItself() throws Exception {
        Listeners listeners = new Listeners("r", new Object());
        AtomicBoolean result = new AtomicBoolean(true);
        CountDownLatch returned = new CountDownLatch(1);
        listeners.add(event -> {
            result.set(listeners.awaitDelivered(Duration.ofHours(1)));
            returned.countDown();
        });

        listeners.publish(starting(1));

        assertTrue(returned.await(BOUND.toSeconds(), TimeUnit.SECONDS),
                "awaitDelivered on the delivery thread did not return");
        assertFalse(result.get());
    }

    @Test
    void waitingForDeliveryReturnsFalseWhileAListenerBlocksAndTrueOnceItIsDone() throws Exception {
        Listeners listeners = new Listeners("r", new Object());
        Blocking blocking = new Blocking();
        listeners.add(blocking);
        try {
            listeners.publish(starting(1));
            assertTrue(blocking.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS));

            assertTimeoutPreemptively(BOUND, () -> {
                assertFalse(listeners.awaitDelivered(TimeUnit.MILLISECONDS.toNanos(50)));
                assertFalse(listeners.awaitDelivered(0L));
            });

            // A waiter that is already waiting when the listener returns is woken with true.
            AtomicBoolean waited = new AtomicBoolean();
            Thread waiter = Thread.ofVirtual().start(() -> waited.set(listeners.awaitDelivered(BOUND)));
            Eventually.until(() -> waiter.getState() == Thread.State.TIMED_WAITING,
                    () -> "waiter " + waiter.getState());
            blocking.hold.countDown();
            assertTrue(waiter.join(BOUND), "the waiter was not woken");
            assertTrue(waited.get());
            assertTimeoutPreemptively(BOUND, () -> assertTrue(listeners.awaitDelivered(BOUND)));

            // All delivered: no wait at all, not even a zero one, reports otherwise.
            assertTrue(listeners.awaitDelivered(Duration.ZERO));
            assertTrue(listeners.awaitDelivered(0L));
        } finally {
            blocking.hold.countDown();
        }
    }

    @Test
    void anInterruptedWaiterReturnsFalseAndKeepsItsInterrupt() throws Exception {
        Listeners listeners = new Listeners("r", new Object());
        Blocking blocking = new Blocking();
        listeners.add(blocking);
        try {
            listeners.publish(starting(1));
            assertTrue(blocking.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS));

            AtomicBoolean result = new AtomicBoolean(true);
            AtomicBoolean interruptedAfter = new AtomicBoolean();
            Thread waiter = Thread.ofVirtual().start(() -> {
                result.set(listeners.awaitDelivered(Duration.ofHours(1)));
                interruptedAfter.set(Thread.currentThread().isInterrupted());
            });
            waiter.interrupt();
            assertTrue(waiter.join(BOUND), "the interrupted waiter did not return");
            assertFalse(result.get());
            assertTrue(interruptedAfter.get(), "the waiter lost its interrupt");
        } finally {
            blocking.hold.countDown();
        }
    }

    @Test
    void aListenerRemovedWhileAnEarlierEventIsDeliveredGetsNoLaterEvent() throws Exception {
        ServiceEvent first = starting(1);
        ServiceEvent second = starting(2);
        // Registered first, so it gets the first event before the blocking listener holds it.
        assertEquals(List.of(first), removedWhileTheFirstEventIsHeld(true, first, second));
    }

    @Test
    void aListenerRemovedWhileAnEarlierListenerHoldsTheEventGetsNotEvenThatEvent() throws Exception {
        // Registered after the blocking listener: its turn for the event comes after its removal.
        assertEquals(List.of(), removedWhileTheFirstEventIsHeld(false, starting(1)));
    }

    /**
     * Registers a listener and a blocking one (the former first if {@code removedFirst}), publishes
     * the events while both are registered, removes the former while the blocking one holds the
     * first event, and returns what the removed listener got once all was delivered.
     */
    private static List<ServiceEvent> removedWhileTheFirstEventIsHeld(boolean removedFirst, ServiceEvent... events)
            throws InterruptedException {
        Listeners listeners = new Listeners("r", new Object());
        Queue<ServiceEvent> removedGot = new ConcurrentLinkedQueue<>();
        Consumer<ServiceEvent> removed = removedGot::add;
        Blocking blocking = new Blocking();
        if (removedFirst) {
            listeners.add(removed);
        }
        listeners.add(blocking);
        if (!removedFirst) {
            listeners.add(removed);
        }
        try {
            for (ServiceEvent event : events) {
                listeners.publish(event);
            }
            assertTrue(blocking.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS));
            listeners.remove(removed);
        } finally {
            blocking.hold.countDown();
        }

        assertTimeoutPreemptively(BOUND, () -> assertTrue(listeners.awaitDelivered(BOUND)));
        assertEquals(List.of(events), List.copyOf(blocking.got));
        return List.copyOf(removedGot);
    }
}
