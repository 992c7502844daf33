package dev.runner.engine;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.MDC;

/**
 * One call into a service ({@code start}, {@code stop} or a health check) bounded by a timeout.
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@code onOutcome} runs exactly once: with the call's result if it ended first, or with
 *       {@link Outcome.TimedOut} / {@link Outcome.Cancelled} if the timeout or {@link #cancel()}
 *       came first, in which case the calling thread is interrupted.</li>
 *   <li>A call that ends after it was given up hands its result to {@code onLate} instead, with
 *       the interrupt meant for it cleared, so a late handler can itself block (to stop a service
 *       that started late).</li>
 *   <li>{@link #settled()} completes once the call's thread is done with it, late handler included.</li>
 * </ul>
 * The interrupt is sent while holding {@link #lock}, and the call's end takes the same lock, so the
 * thread never receives an interrupt meant for the call after the call has ended.
 */
final class BoundedCall<T> {

    private static final int RUNNING = 0;
    private static final int ENDED = 1;
    private static final int GIVEN_UP = 2;

    private final ReentrantLock lock = new ReentrantLock();
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private final Consumer<Outcome<T>> onOutcome;
    private final Consumer<Outcome<T>> onLate;
    private final Timer.Handle timeout;
    private Thread thread;      // guarded by lock; null until the call's thread is known
    private int status;         // guarded by lock

    private BoundedCall(Timer timer, String service, Duration limit,
                        Consumer<Outcome<T>> onOutcome, Consumer<Outcome<T>> onLate) {
        this.onOutcome = onOutcome;
        this.onLate = onLate;
        this.timeout = timer.schedule(limit, () -> {
            try (MDC.MDCCloseable ignored = MDC.putCloseable("service", service)) {
                giveUp(new Outcome.TimedOut<>(limit));
            }
        });
    }

    /**
     * Prepares a call: its timeout starts now, and {@link #run} runs it on the calling thread, which
     * must be one of the engine's own.
     */
    static <T> BoundedCall<T> prepare(Timer timer, String service, Duration limit,
                                      Consumer<Outcome<T>> onOutcome, Consumer<Outcome<T>> onLate) {
        return new BoundedCall<>(timer, service, limit, onOutcome, onLate);
    }

    /**
     * Runs {@code body} on a virtual thread named {@code threadName} for {@code owner} (see
     * {@link Threads#start}), with the MDC key {@code service} set to {@code service}.
     */
    static <T> BoundedCall<T> onNewThread(Timer timer, String threadName, Object owner, String service, Duration limit,
                                          Callable<T> body, Consumer<Outcome<T>> onOutcome, Consumer<Outcome<T>> onLate) {
        BoundedCall<T> bounded = prepare(timer, service, limit, onOutcome, onLate);
        Threads.start(threadName, owner, () -> {
            MDC.put("service", service);
            bounded.run(body);
        });
        return bounded;
    }

    /** Runs {@code body} on the current thread, which must be one of the engine's own. */
    static <T> BoundedCall<T> onThisThread(Timer timer, String service, Duration limit, Callable<T> body,
                                           Consumer<Outcome<T>> onOutcome, Consumer<Outcome<T>> onLate) {
        BoundedCall<T> bounded = prepare(timer, service, limit, onOutcome, onLate);
        bounded.run(body);
        return bounded;
    }

    /** Gives the call up, unless it already ended: it is interrupted and its outcome is Cancelled. */
    void cancel() {
        giveUp(new Outcome.Cancelled<>());
    }

    /** Returns a future that completes once the call's thread is done with it. */
    CompletableFuture<Void> settled() {
        return settled;
    }

    /** Runs the call's body on the current thread; once only. */
    void run(Callable<T> body) {
        lock.lock();
        try {
            thread = Thread.currentThread();
            if (status == GIVEN_UP) {
                thread.interrupt(); // given up before it began: let the body see it at once
            }
        } finally {
            lock.unlock();
        }
        Outcome<T> outcome;
        try {
            outcome = new Outcome.Returned<>(body.call());
        } catch (Throwable cause) {
            outcome = new Outcome.Threw<>(cause);
        }
        boolean inTime;
        lock.lock();
        try {
            inTime = status == RUNNING;
            status = inTime ? ENDED : status;
            thread = null;
        } finally {
            lock.unlock();
        }
        try {
            if (inTime) {
                timeout.cancel();
                onOutcome.accept(outcome);
            } else {
                Thread.interrupted(); // the interrupt was meant for the body, which has ended
                onLate.accept(outcome);
            }
        } finally {
            settled.complete(null);
        }
    }

    private void giveUp(Outcome<T> why) {
        lock.lock();
        try {
            if (status != RUNNING) {
                return;
            }
            status = GIVEN_UP;
            if (thread != null) {
                thread.interrupt();
            }
        } finally {
            lock.unlock();
        }
        if (why instanceof Outcome.Cancelled) {
            timeout.cancel(); // a timeout that fired needs no cancel, and may not be assigned yet
        }
        onOutcome.accept(why);
    }
}
