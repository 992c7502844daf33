package dev.runner.engine;

import dev.runner.Health;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets at most one health check of a service be in flight: supervision and
 * {@code healthStatus()} share the check that runs, and a check that overran its timeout keeps
 * the gate closed until its call has really ended, so a {@code health()} deaf to interruption
 * costs one thread, never one more per interval.
 *
 * <p>Invariants: {@link #inFlight} is completed exactly once, by the thread that ran the check,
 * never exceptionally; {@link #thread} is the thread running it while it runs and is set under
 * {@link #lock} before that thread can clear it, so an interrupt never reaches a thread that has
 * moved on to other work.
 */
final class CheckGate {

    /** A check to wait for, and whether the caller must run it on its own thread. */
    record Round(CompletableFuture<Health> result, boolean runHere) {
    }

    private final HealthCheck check;
    private final String threadName;
    private final Object owner;
    private final ReentrantLock lock = new ReentrantLock();
    private CompletableFuture<Health> inFlight = CompletableFuture.completedFuture(null); // guarded by lock
    private Thread thread;          // guarded by lock

    CheckGate(HealthCheck check, String threadName, Object owner) {
        this.check = check;
        this.threadName = threadName;
        this.owner = owner;
    }

    /**
     * Joins the check in flight, or begins a new one: on a thread of its own, or, when
     * {@code here} is true, on the caller's thread, which must then call {@link #run}.
     */
    Round enter(boolean here) {
        lock.lock();
        try {
            if (!inFlight.isDone()) {
                return new Round(inFlight, false);
            }
            CompletableFuture<Health> result = new CompletableFuture<>();
            inFlight = result;
            if (here) {
                thread = Thread.currentThread();
                return new Round(result, true);
            }
            // started under the lock, so the thread is known before the check can end
            thread = Threads.startOwned(threadName, owner, () -> run(result));
            return new Round(result, false);
        } finally {
            lock.unlock();
        }
    }

    /** Runs the check of a round that {@link #enter} gave to the caller's thread. */
    void run(Round round) {
        run(round.result());
    }

    private void run(CompletableFuture<Health> result) {
        Health health;
        try {
            health = check.run();
        } finally {
            lock.lock();
            try {
                thread = null;
                Thread.interrupted(); // an interrupt meant for the check, which has ended
            } finally {
                lock.unlock();
            }
        }
        result.complete(health);
    }

    /** Interrupts the check of {@code result} if it is still running. */
    void interrupt(CompletableFuture<Health> result) {
        lock.lock();
        try {
            if (inFlight == result && thread != null) {
                thread.interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Interrupts the check in flight, if any: the run stops, and never waits for a check. */
    void interruptAny() {
        interrupt(currentRound());
    }

    private CompletableFuture<Health> currentRound() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Returns the result of a check that overran its timeout. */
    Health timedOut() {
        return check.timedOut();
    }

    /** Tells whether the check is always up, so it need not run at all. */
    boolean alwaysUp() {
        return check.alwaysUp();
    }
}
