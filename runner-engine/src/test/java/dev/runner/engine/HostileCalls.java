package dev.runner.engine;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What hostile service code does to the runner's bounds: calls deaf to interruption, and loops that
 * keep a carrier thread busy without ever blocking. Every one of them ends by itself after a bound,
 * so a test that fails leaves no thread behind for long.
 */
final class HostileCalls {

    private HostileCalls() {
    }

    /**
     * Waits until {@code release} opens or {@code atMost} has passed, swallowing every interrupt
     * meanwhile (as a call blocked in monitor entry, or a careless retry loop, does); then restores
     * the interrupt status.
     *
     * @return whether the thread was interrupted while it waited
     */
    static boolean awaitDeaf(CountDownLatch release, Duration atMost) {
        long end = System.nanoTime() + atMost.toNanos();
        boolean interrupted = false;
        while (true) {
            long left = end - System.nanoTime();
            try {
                if (left <= 0 || release.await(left, TimeUnit.NANOSECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return interrupted;
    }

    /**
     * Spins on the CPU, never blocking (so a virtual thread keeps its carrier), until the thread is
     * interrupted or {@code giveUpAfter} has passed; leaves the interrupt status set.
     *
     * @return true if it ended because the thread was interrupted, false if it gave up by itself
     */
    static boolean spinUntilInterrupted(Duration giveUpAfter) {
        long end = System.nanoTime() + giveUpAfter.toNanos();
        while (System.nanoTime() - end < 0) {
            if (Thread.currentThread().isInterrupted()) {
                return true;
            }
            Thread.onSpinWait();
        }
        return Thread.currentThread().isInterrupted();
    }

    /** Keeps the CPU busy for {@code duration}, deaf to interruption and never blocking. */
    static void busyWait(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }
}
