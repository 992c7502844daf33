package dev.runner.engine;

/**
 * One start attempt of a service and, once its {@code start} returned, the instance it brought
 * up. Every field is guarded by the owning {@link ManagedService}'s lock.
 *
 * <p>Invariant: {@code stopCalled} becomes true at most once, and only after {@code returned}; it
 * is set by whoever takes the instance to stop it, so no instance is stopped twice.
 */
final class Attempt {

    /** 1 for the first attempt of a run, counting restarts after it. */
    final int number;
    /** When the attempt was launched, by {@link System#nanoTime()}: its dependencies were ready. */
    final long launchedAt;
    /** The call that runs the start delay and {@code start}; set right after the call begins. */
    BoundedCall<Void> call;
    /** The start call's context: the instance's channel for {@code exited} while it lives. */
    CallContext context;
    /** When {@code start} was called, by {@link System#nanoTime()}. */
    long startCalledAt;
    /** The {@code start} call returned normally. */
    boolean returned;
    /** The start was given up (timed out, failed or cancelled) before it returned. */
    boolean givenUp;
    /** The instance was taken to be stopped. */
    boolean stopCalled;
    /** The service reported through the context that the instance ended by itself. */
    boolean exited;
    /** What the exit report said; null for a clean exit. */
    Throwable exitCause;
    /** When {@code start} returned, by {@link System#nanoTime()}. */
    long returnedAt;
    /** A health check of this instance has passed: it was ready. */
    boolean healthyOnce;

    Attempt(int number, long launchedAt) {
        this.number = number;
        this.launchedAt = launchedAt;
    }
}
