package dev.runner.engine;

import static dev.runner.engine.Messages.quote;

import dev.runner.ServiceEvent;
import dev.runner.ServiceState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stops of one service: the {@code stop} call of an instance, bounded by a budget, and the
 * service's turn in the run's stop.
 *
 * <p>Invariants: each instance is stopped at most once, because only {@link ManagedService#take}
 * hands one out. A stop call that overran its budget is interrupted and then given
 * {@link #INTERRUPT_GRACE} to end before the stop counts as over, so that when the run's stop
 * returns, only a call deaf to interruption can still be running. Every stop call emits exactly one
 * {@code Stopped} event.
 */
final class InstanceStop {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceStop.class);

    /** How long an interrupted call may take to end before it is reported and left behind. */
    static final Duration INTERRUPT_GRACE = Duration.ofMillis(250);

    private final ManagedService s;
    private final String threadName;

    InstanceStop(ManagedService service) {
        this.s = service;
        this.threadName = service.threadPrefix + "stop";
    }

    /**
     * Calls {@code stop} on a taken instance on a thread of its own, bounded by {@code nanos} (a
     * budget of zero still calls it, with a cancelled context, and interrupts it after the grace).
     * Guarded by lock, so the call is registered before anyone can look for it.
     *
     * @param end the state the service ends in once the call ended (null keeps it)
     * @return a future that completes, never exceptionally, once the stop is over
     */
    CompletableFuture<Void> stop(Attempt instance, long nanos, ServiceState end) {
        assert s.lock.isHeldByCurrentThread();
        if (instance == null) {
            return CompletableFuture.completedFuture(null);
        }
        CallContext context = new CallContext(nanos, null);
        long begun = System.nanoTime();
        CompletableFuture<Outcome<Void>> outcome = new CompletableFuture<>();
        BoundedCall<Void> call = BoundedCall.onNewThread(s.run.timer(), threadName, s.run.owner(), s.name,
                Duration.ofNanos(Math.max(nanos, 0)), () -> body(context), outcome::complete,
                late -> LOG.warn("{} stop returned after it was given up", quote(s.name)));
        s.track(call.settled());
        return outcome
                .thenCompose(o -> o instanceof Outcome.TimedOut
                        ? s.run.timer().within(call.settled(), INTERRUPT_GRACE).thenApply(ignored -> o)
                        : CompletableFuture.completedFuture(o))
                .thenAccept(o -> ended(o, end, System.nanoTime() - begun, call.settled().isDone()));
    }

    /** Stops an instance whose start returned after it was given up, on this (its start's) thread. */
    void stopOnThisThread(long nanos) {
        CallContext context = new CallContext(nanos, null);
        long begun = System.nanoTime();
        s.lock.lock();
        try {
            if (s.listened()) {
                s.emit(new ServiceEvent.Stopping(s.name, Instant.now()));
            }
        } finally {
            s.lock.unlock();
        }
        BoundedCall.onThisThread(s.run.timer(), s.name, Duration.ofNanos(nanos), () -> body(context),
                stopped -> ended(stopped, null, System.nanoTime() - begun, true), late -> { });
    }

    /**
     * Calls {@code stop}. The context is made before the call's timeout is scheduled, so when the
     * timeout interrupts the call its context's deadline has passed and it reads cancelled.
     */
    private Void body(CallContext context) throws Exception {
        assert !s.lock.isHeldByCurrentThread() : "a service call never runs under the engine's lock";
        LOG.debug("stopping \"{}\"", s.name);
        try {
            s.service.stop(context);
        } finally {
            context.ended();
        }
        return null;
    }

    /** Emits {@code Stopped}, moves to {@code end}, logs how the stop ended and records its error. */
    private void ended(Outcome<Void> outcome, ServiceState end, long tookNanos, boolean callEnded) {
        // Not a pattern switch, which costs every application's first stop a generated class: see Outcome.
        Throwable error = null; // returned, or cancelled
        if (outcome instanceof Outcome.Threw<Void> threw) {
            error = threw.cause();
        } else if (outcome instanceof Outcome.TimedOut<Void> timedOut) {
            error = new TimeoutException(quote(s.name) + " did not stop within "
                    + Messages.format(timedOut.after()) + (callEnded ? "" : "; its stop call ignores interruption"));
        }
        s.lock.lock();
        try {
            ServiceEvent stopped = s.listened()
                    ? new ServiceEvent.Stopped(s.name, Instant.now(), Duration.ofNanos(tookNanos), error) : null;
            if (end != null && s.state == ServiceState.STOPPING) {
                s.moveTo(end, stopped);
            } else if (stopped != null) {
                s.emit(stopped);
            }
        } finally {
            s.lock.unlock();
        }
        if (error == null) {
            LOG.debug("\"{}\" stopped", s.name);
        } else {
            LOG.warn("{} did not stop cleanly", quote(s.name), error);
            if (s.run.stopping()) {
                s.run.recordStopError(s, error);
            }
        }
    }

    // ---------------------------------------------------------------- the run's stop

    /**
     * Ends supervision and gives up the calls in flight but stops; called for every service when
     * the run begins to stop, before any service is stopped. A health check is interrupted and
     * never waited for.
     */
    void beginShutdown() {
        BoundedCall<?> startCall = null;
        s.lock.lock();
        try {
            ManagedService.cancel(s.next);
            s.health.cancelTimers();
            s.waitsForBound = false;
            Attempt current = s.current;
            if (current == null && s.state == ServiceState.WAITING) {
                s.moveTo(ServiceState.STOPPED, null); // never launched
            } else if (current != null && !current.returned && !current.givenUp) {
                current.givenUp = true;
                current.context.cancel();
                startCall = current.call;
            }
        } finally {
            s.lock.unlock();
        }
        s.health.gate().interruptAny();
        if (startCall != null) {
            startCall.cancel();
        }
    }

    /**
     * Stops this service in its turn: waits for its start or stop call in flight to end, within
     * its budget, then stops the live instance within a budget taken again.
     *
     * @return a future that completes, never exceptionally, once this service is stopped or given up
     */
    CompletableFuture<Void> turn() {
        List<CompletableFuture<Void>> inFlight;
        s.lock.lock();
        try {
            inFlight = List.copyOf(s.unsettled);
        } finally {
            s.lock.unlock();
        }
        CompletableFuture<Void> settled = inFlight.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : s.run.timer().within(CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)),
                        Duration.ofNanos(Math.max(0, s.run.stopBudget(s))));
        return settled.thenCompose(ignored -> stopLive(inFlight));
    }

    private CompletableFuture<Void> stopLive(List<CompletableFuture<Void>> inFlight) {
        boolean stuck = false;
        for (CompletableFuture<Void> call : inFlight) {
            stuck |= !call.isDone();
        }
        CompletableFuture<Void> stopped;
        s.lock.lock();
        try {
            s.turnPassed = true; // from now on, an instance whose start returns late is stopped by its own thread
            ServiceState end = s.endAfterStop != null ? s.endAfterStop : ServiceState.STOPPED;
            Attempt toStop = s.take();
            if (toStop == null) {
                if (s.state != ServiceState.STOPPED && s.state != ServiceState.FAILED) {
                    s.moveTo(end, null);
                }
                stopped = CompletableFuture.completedFuture(null);
            } else {
                s.stopBeganAt = System.nanoTime();
                stopped = stop(toStop, s.run.stopBudget(s), end).thenRun(this::markStopped);
            }
        } finally {
            s.lock.unlock();
        }
        if (stuck) {
            LOG.warn("{}: a call ignores interruption; if its start returns, that instance is stopped then", quote(s.name));
            s.run.recordStopError(s, new TimeoutException(quote(s.name) + " ignored interruption: a call of it still runs"));
        }
        return stopped;
    }

    private void markStopped() {
        s.lock.lock();
        try {
            s.stoppedAt = System.nanoTime();
        } finally {
            s.lock.unlock();
        }
    }
}
