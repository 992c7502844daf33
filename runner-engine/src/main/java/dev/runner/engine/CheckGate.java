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
     * Joins the check in flight, or begins a new one on a thread of its own.
     *
     * @return the check's result; it completes, never exceptionally, when the check's call ends
     */
    CompletableFuture<Health> enter() {
        lock.lock();
        try {
            if (!inFlight.isDone()) {
                return inFlight;
            }
            CompletableFuture<Health> result = new CompletableFuture<>();
            inFlight = result;
            // started under the lock, so the thread is known before the check can end
            thread = Threads.startOwned(threadName, owner, () -> run(result));
            return result;
        } finally {
            lock.unlock();
        }
    }

    private void run(CompletableFuture<Health> result) {
        Health health;
        try {
            health = check.run();
        } finally {
            lock.lock();
            try {
                thread = null;
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
        interrupt(inFlightCheck());
    }

    private CompletableFuture<Health> inFlightCheck() {
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
