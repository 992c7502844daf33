package dev.runner.engine;

import static dev.runner.engine.Messages.quote;

import dev.runner.ServiceEvent;
import dev.runner.ServiceState;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The start attempts of one service: its start delay and {@code start} call on a thread of its
 * own, bounded by the start timeout, and what follows the call's outcome.
 *
 * <p>Invariants: every method that reads or writes the service's state takes
 * {@link ManagedService#lock} and never calls into the service under it. An attempt's outcome is
 * handled exactly once ({@link BoundedCall}); an attempt given up that returns late is stopped by
 * its own thread and never becomes live.
 */
final class StartAttempts {

    private static final Logger LOG = LoggerFactory.getLogger(StartAttempts.class);

    private final ManagedService s;
    private final String threadName;

    StartAttempts(ManagedService service) {
        this.s = service;
        this.threadName = service.threadPrefix + "start";
    }

    /**
     * Starts the first attempt of this run: the dependencies are ready.
     *
     * @param handOff whether the attempt may run on this engine thread once its task has ended
     *                (see {@link Threads#handOff}); only for callers that do nothing blocking after
     */
    void launch(boolean handOff) {
        if (s.run.stopping()) {
            return;
        }
        Duration delay = s.config.startDelay();
        if (handOff) {
            Threads.handOff(threadName, s.run.owner(), () -> run(delay));
        } else {
            startAttempt(delay);
        }
    }

    /** Starts an attempt on a thread of its own, so that whoever launches it only hands it over. */
    void startAttempt(Duration delay) {
        Threads.start(threadName, s.run.owner(), () -> run(delay));
    }

    private void run(Duration delay) {
        MDC.put("service", s.name);
        Attempt attempt;
        s.lock.lock();
        try {
            if (s.run.stopping()) {
                return;
            }
            long now = System.nanoTime();
            attempt = new Attempt(++s.attempts, now);
            if (attempt.number == 1) {
                s.launchedAt = now; // the start timeout runs from here: dependencies are ready
            }
            long limit = Timer.nanos(s.config.startTimeout());
            if (s.run.starting()) {
                limit = Math.min(limit, s.run.callerNanosLeft());
            }
            Attempt a = attempt;
            attempt.context = new CallContext(limit, cause -> s.onExit(a, cause));
            attempt.call = BoundedCall.prepare(s.run.timer(), s.name, s.config.startTimeout(),
                    outcome -> onOutcome(a, outcome), late -> onLateStart(a, late));
            s.track(attempt.call.settled());
            s.current = attempt;
            if (delay.isZero()) {
                beginStart(attempt);
            }
        } finally {
            s.lock.unlock();
        }
        attempt.call.run(() -> body(attempt, delay));
        s.lock.lock();
        try {
            attempt.call = null; // settled: nothing left to cancel, and an idle service should not keep it
        } finally {
            s.lock.unlock();
        }
    }

    /** Moves to STARTING just before {@code start} is called; guarded by lock. */
    private void beginStart(Attempt attempt) {
        long now = System.nanoTime();
        attempt.startCalledAt = now;
        if (attempt.number == 1) {
            s.startBeganAt = now;
        }
        s.moveTo(ServiceState.STARTING, s.listened() ? new ServiceEvent.Starting(s.name, Instant.now(), attempt.number) : null);
    }

    private Void body(Attempt attempt, Duration delay) throws Exception {
        if (!delay.isZero()) {
            Thread.sleep(delay);
            s.lock.lock();
            try {
                if (attempt.givenUp) {
                    throw new InterruptedException("start given up during its delay");
                }
                beginStart(attempt);
            } finally {
                s.lock.unlock();
            }
        }
        assert !s.lock.isHeldByCurrentThread() : "a service call never runs under the engine's lock";
        LOG.debug("starting \"{}\"", s.name); // the name quoted by the format: nothing built when DEBUG is off
        s.service.start(attempt.context);
        return null;
    }

    private void onOutcome(Attempt attempt, Outcome<Void> outcome) {
        // Not a pattern switch, which costs every application's first start a generated class:
        // see Outcome.
        if (outcome instanceof Outcome.Returned<Void>) {
            onStarted(attempt);
        } else if (outcome instanceof Outcome.Threw<Void> threw) {
            giveUp(attempt, false);
            s.onFailure(attempt, FailureDecision.Kind.START, threw.cause());
        } else if (outcome instanceof Outcome.TimedOut<Void> timedOut) {
            giveUp(attempt, true);
            s.onFailure(attempt, FailureDecision.Kind.START, new TimeoutException(
                    quote(s.name) + " did not start within " + Messages.format(timedOut.after())));
        } else { // Cancelled
            giveUp(attempt, true);
        }
    }

    private void giveUp(Attempt attempt, boolean cancelContext) {
        s.lock.lock();
        try {
            attempt.givenUp = true;
            if (cancelContext) {
                attempt.context.cancel();
            }
            attempt.context.ended();
        } finally {
            s.lock.unlock();
        }
    }

    /** The attempt's {@code start} returned in time: the instance is up; check it at once. */
    private void onStarted(Attempt attempt) {
        boolean first;
        boolean exited;
        s.lock.lock();
        try {
            long now = System.nanoTime();
            attempt.returned = true;
            attempt.returnedAt = now;
            attempt.context.ended();
            s.live = attempt;
            ServiceEvent started = s.listened() ? new ServiceEvent.Started(s.name, Instant.now(),
                    attempt.number, Duration.ofNanos(now - attempt.startCalledAt)) : null;
            if (s.run.stopping()) {
                if (started != null) {
                    s.emit(started); // it counts as started, and is stopped like any other
                }
                if (s.turnPassed) {
                    // the run's stop already passed this service by: stop the instance here
                    s.stops.stop(s.take(), s.run.stopBudget(s), ServiceState.STOPPED);
                }
                return; // otherwise the run's stop takes the instance in its turn
            }
            s.moveTo(ServiceState.RUNNING, started);
            s.upSince = Instant.now();
            s.lastPassed = null;
            s.failedChecks = 0;
            s.healthySince = 0;
            first = !s.started;
            s.started = true;
            if (first) {
                s.startedAt = now;
            }
            exited = attempt.exited;
            if (!exited) {
                s.health.armReadinessTimeout();
            }
        } finally {
            s.lock.unlock();
        }
        LOG.debug("\"{}\" started", s.name);
        if (!exited) {
            s.health.afterStart(attempt); // first: an always-up service is Ready before the run may return
        }
        if (first) {
            s.run.onFirstStart(s);
        }
        if (exited) {
            s.onFailure(attempt, FailureDecision.Kind.EXIT, attempt.exitCause);
        }
    }

    /** A start given up (timed out or cancelled) ended later: stop what it started. */
    private void onLateStart(Attempt attempt, Outcome<Void> outcome) {
        if (!(outcome instanceof Outcome.Returned)) {
            LOG.debug("\"{}\" start ended after it was given up: {}", s.name, outcome);
            return;
        }
        s.lock.lock();
        try {
            attempt.returned = true;
            attempt.stopCalled = true;
            if (s.listened()) { // it counts as started, and is stopped like any other
                s.emit(new ServiceEvent.Started(s.name, Instant.now(), attempt.number,
                        Duration.ofNanos(System.nanoTime() - attempt.startCalledAt)));
            }
        } finally {
            s.lock.unlock();
        }
        LOG.warn("{} start returned after it was given up; stopping that instance", quote(s.name));
        s.stops.stopOnThisThread(s.run.stopping() ? s.run.stopBudget(s) : Timer.nanos(s.config.stopTimeout()));
    }
}
