package dev.runner.engine;

import static dev.runner.engine.Messages.quote;

import dev.runner.Health;
import dev.runner.RunnerException;
import dev.runner.Service;
import dev.runner.ServiceConfig;
import dev.runner.ServiceState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One service within one run: its state machine, its start attempts and its supervision.
 *
 * <p>The states and their transitions (a DAG but for restarts, which go back to WAITING or
 * STARTING):
 * <pre>
 * NEW -> WAITING -> STARTING -> RUNNING -> BACKING_OFF -> STOPPING -> STARTING ...   (restart)
 *                                       -> STOPPING -> STOPPED | FAILED               (exit, stop)
 * any state -> STOPPED | FAILED | NEW                                                (run ends)
 * </pre>
 *
 * <p>Invariants:
 * <ul>
 *   <li>Every transition is decided under {@link #lock}; no service call, blocking wait or call
 *       into another service or the run's caller runs under it. The one thing done under it is
 *       starting a call's thread (which never blocks), so that a stop is registered in
 *       {@link #unsettled} before anyone can look for it.</li>
 *   <li>At most one instance is {@link #live}: its {@code start} returned and it was not taken to
 *       be stopped. Whoever takes it sets {@code live = null} and {@code stopCalled}, so each
 *       instance is stopped exactly once. (An attempt given up that returns late is never live: its
 *       own thread stops it.)</li>
 *   <li>Once the run is stopping, nothing new begins: no launch, check or restart.</li>
 *   <li>{@link #onFailure} is the one place where a failure is turned into a restart, a failed run
 *       start, or an end.</li>
 * </ul>
 */
final class ManagedService {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedService.class);

    /** Why a running or starting instance failed. */
    private enum Failure { START, HEALTH, EXIT }

    /** What {@link #snapshot()} reports for the runner's health. */
    record Snapshot(ServiceState state, boolean running, int restarts) {
    }

    final String name;
    final Service service;
    final ServiceConfig config;
    /** Dependencies not yet ready; the service is launched when it reaches zero. */
    final AtomicInteger waitingFor = new AtomicInteger();

    private final Run run;
    private final HealthCheck check;
    private final String threadPrefix;  // "<runner>/<service>/"
    private final String startThreadName;
    private List<ManagedService> dependents = List.of();

    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock:
    private ServiceState state = ServiceState.NEW;
    private Attempt current;            // the newest start attempt
    private Attempt live;               // the instance to stop, or null
    private int attempts;
    private int restarts;
    private boolean started;            // the run counted this service's first normal start
    private boolean ready;              // became ready in this run; latched
    private boolean healthy;            // the last check passed; for logging transitions
    private long launchedAt;            // when the dependencies were ready, by System.nanoTime()
    private Health lastHealth;
    private Timer.Handle next;          // the next health check or restart
    private Timer.Handle readiness;     // the bound on becoming ready while the run starts
    private BoundedCall<Health> checking;
    private final List<CompletableFuture<Void>> unsettled = new ArrayList<>(2); // calls in flight
    private boolean turnPassed;         // the run's stop has passed this service by
    private long shutdownDeadline = Long.MAX_VALUE;

    ManagedService(Run run, Service service, ServiceConfig config) {
        this.run = run;
        this.service = service;
        this.name = service.name();
        this.config = config;
        this.check = new HealthCheck(service, config.probes(), config.healthTimeout());
        this.threadPrefix = run.name() + "/" + name + "/";
        this.startThreadName = threadPrefix + "start";
    }

    /** Links the services that depend on this one; called once, before the run starts. */
    void dependents(List<ManagedService> dependents) {
        this.dependents = List.copyOf(dependents);
    }

    /** Returns the services that depend on this one. */
    List<ManagedService> dependents() {
        return dependents;
    }

    /** Returns the state, whether an instance is up, and the restarts made, as one consistent view. */
    Snapshot snapshot() {
        lock.lock();
        try {
            boolean running = live != null && !live.exited
                    && (state == ServiceState.RUNNING || state == ServiceState.BACKING_OFF);
            return new Snapshot(state, running, restarts);
        } finally {
            lock.unlock();
        }
    }

    /** Returns the check of this service's health and probes. */
    HealthCheck check() {
        return check;
    }

    /** Tells whether the run still waits for this service's first start to return. */
    boolean stillStarting() {
        lock.lock();
        try {
            return !started && state != ServiceState.NEW;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- start

    /** Marks the service as waiting for its dependencies; called when the run is built. */
    void waitForDependencies(int dependencies) {
        lock.lock();
        try {
            waitingFor.set(dependencies);
            state = ServiceState.WAITING;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts the first attempt of this run: the dependencies are ready.
     *
     * @param handOff whether the attempt may run on this engine thread once its task has ended
     *                (see {@link Threads#handOff}); only for callers that do nothing blocking after
     */
    void launch(boolean handOff) {
        if (run.stopping()) {
            return;
        }
        if (handOff) {
            Threads.handOff(startThreadName, () -> runAttempt(config.startDelay()));
        } else {
            startAttempt(config.startDelay());
        }
    }

    /** Starts an attempt on a thread of its own, so that whoever launches it only hands it over. */
    private void startAttempt(Duration delay) {
        Threads.start(startThreadName, () -> runAttempt(delay));
    }

    private void runAttempt(Duration delay) {
        MDC.put("service", name);
        Attempt attempt;
        lock.lock();
        try {
            if (run.stopping()) {
                return;
            }
            Attempt newAttempt = new Attempt(++attempts);
            if (newAttempt.number == 1) {
                launchedAt = System.nanoTime(); // the start timeout runs from here: dependencies are ready
            }
            long limit = Timer.nanos(config.startTimeout());
            if (run.starting()) {
                limit = Math.min(limit, run.callerNanosLeft());
            }
            newAttempt.context = new CallContext(limit, cause -> onExit(newAttempt, cause));
            newAttempt.call = BoundedCall.prepare(run.timer(), name, config.startTimeout(),
                    outcome -> onStartOutcome(newAttempt, outcome),
                    late -> onLateStart(newAttempt, late));
            track(newAttempt.call.settled());
            current = newAttempt;
            state = delay.isZero() ? ServiceState.STARTING : ServiceState.WAITING;
            attempt = newAttempt;
        } finally {
            lock.unlock();
        }
        attempt.call.run(() -> startBody(attempt, delay));
        lock.lock();
        try {
            attempt.call = null; // settled: nothing left to cancel, and an idle service should not keep it
        } finally {
            lock.unlock();
        }
    }

    private Void startBody(Attempt attempt, Duration delay) throws Exception {
        if (!delay.isZero()) {
            Thread.sleep(delay);
        }
        lock.lock();
        try {
            if (attempt.givenUp) {
                throw new InterruptedException("start given up during its delay");
            }
            state = ServiceState.STARTING;
        } finally {
            lock.unlock();
        }
        LOG.debug("starting {}", name);
        service.start(attempt.context);
        return null;
    }

    private void onStartOutcome(Attempt attempt, Outcome<Void> outcome) {
        switch (outcome) {
            case Outcome.Returned<Void> returned -> onStarted(attempt);
            case Outcome.Threw<Void> threw -> {
                giveUp(attempt, false);
                onFailure(attempt, Failure.START, threw.cause());
            }
            case Outcome.TimedOut<Void> timedOut -> {
                giveUp(attempt, true);
                onFailure(attempt, Failure.START, new TimeoutException(
                        quote(name) + " did not start within " + Messages.format(timedOut.after())));
            }
            case Outcome.Cancelled<Void> cancelled -> giveUp(attempt, true);
        }
    }

    private void giveUp(Attempt attempt, boolean cancelContext) {
        lock.lock();
        try {
            attempt.givenUp = true;
            if (cancelContext) {
                attempt.context.cancel();
            }
            attempt.context.ended();
        } finally {
            lock.unlock();
        }
    }

    /** The attempt's {@code start} returned in time: the instance is up; check it at once. */
    private void onStarted(Attempt attempt) {
        boolean first;
        boolean exited;
        BoundedCall<Health> firstCheck = null;
        lock.lock();
        try {
            attempt.returned = true;
            attempt.returnedAt = System.nanoTime();
            attempt.context.ended();
            live = attempt;
            if (run.stopping()) {
                if (turnPassed) {
                    // the run's stop already passed this service by: stop the instance here
                    stop(take(), stopNanos(shutdownDeadline), ServiceState.STOPPED, () -> { });
                }
                return; // otherwise the run's stop takes the instance in its turn
            }
            state = ServiceState.RUNNING;
            first = !started;
            started = true;
            exited = attempt.exited;
            if (!ready && !dependents.isEmpty() && run.starting() && readiness == null) {
                long left = launchedAt + Timer.nanos(config.startTimeout()) - System.nanoTime();
                readiness = run.timer().schedule(Duration.ofNanos(Math.max(0, left)), inMdc(this::onReadinessTimeout));
            }
            if (!exited && !check.alwaysUp()) {
                firstCheck = prepareCheck(attempt);
            }
        } finally {
            lock.unlock();
        }
        LOG.info("{} started", name);
        if (first) {
            run.onFirstStart(this);
        }
        if (exited) {
            onFailure(attempt, Failure.EXIT, attempt.exitCause);
        } else if (firstCheck == null) {
            onHealth(attempt, Health.up()); // a check that is always up needs no thread, nor a timeout
        } else {
            firstCheck.run(check::run); // "start returned" means up: the first check runs right away, here
        }
    }

    /** A start given up (timed out or cancelled) ended later: stop what it started. */
    private void onLateStart(Attempt attempt, Outcome<Void> outcome) {
        if (!(outcome instanceof Outcome.Returned)) {
            LOG.debug("{} start ended after it was given up: {}", name, outcome);
            return;
        }
        lock.lock();
        try {
            attempt.returned = true;
            attempt.stopCalled = true;
        } finally {
            lock.unlock();
        }
        LOG.warn("{} start returned after it was given up; stopping that instance", name);
        CallContext stopContext = new CallContext(Timer.nanos(config.stopTimeout()), null);
        BoundedCall.onThisThread(run.timer(), name, config.stopTimeout(), () -> stopBody(stopContext),
                stopped -> recordStop(stopped, null), late -> { });
    }

    private void onReadinessTimeout() {
        String detail;
        lock.lock();
        try {
            if (ready || run.stopping()) {
                return;
            }
            detail = lastHealth == null ? "no health check passed" : lastHealth.detail();
        } finally {
            lock.unlock();
        }
        run.failStart(this, new TimeoutException(quote(name) + " did not become healthy within "
                + Messages.format(config.startTimeout()) + ": " + detail));
    }

    // ---------------------------------------------------------------- supervision

    private void onExit(Attempt attempt, Throwable cause) {
        lock.lock();
        try {
            attempt.exited = true;
            attempt.exitCause = cause;
            if (!attempt.returned || live != attempt || run.stopping()) {
                return; // seen when start returns, or no longer supervised
            }
        } finally {
            lock.unlock();
        }
        onFailure(attempt, Failure.EXIT, cause);
    }

    private void scheduleCheck(Attempt attempt) {
        // guarded by lock
        if (check.alwaysUp()) {
            return; // nothing to supervise: it can only fail by exiting, which is seen at once
        }
        next = run.timer().schedule(config.healthInterval(), inMdc(() -> beginCheck(attempt)));
    }

    private void beginCheck(Attempt attempt) {
        lock.lock();
        try {
            if (run.stopping() || live != attempt || state != ServiceState.RUNNING) {
                return;
            }
            BoundedCall<Health> call = prepareCheck(attempt);
            Threads.start(threadPrefix + "health", () -> {
                MDC.put("service", name);
                call.run(check::run);
            });
        } finally {
            lock.unlock();
        }
    }

    /** Prepares a health check of the instance; the caller runs it. Guarded by lock. */
    private BoundedCall<Health> prepareCheck(Attempt attempt) {
        checking = BoundedCall.prepare(run.timer(), name, config.healthTimeout(),
                outcome -> onHealth(attempt, healthOf(outcome)), late -> { });
        track(checking.settled());
        return checking;
    }

    private Health healthOf(Outcome<Health> outcome) {
        return switch (outcome) {
            case Outcome.Returned<Health> returned -> returned.value();
            case Outcome.Threw<Health> threw -> Health.down(threw.cause());
            case Outcome.TimedOut<Health> timedOut -> check.timedOut();
            case Outcome.Cancelled<Health> cancelled -> null;
        };
    }

    private void onHealth(Attempt attempt, Health health) {
        boolean becameReady = false;
        boolean failed = false;
        lock.lock();
        try {
            if (health == null || run.stopping() || live != attempt || attempt.exited || state != ServiceState.RUNNING) {
                return;
            }
            checking = null; // checks of one instance run one after another: this was the one in flight
            lastHealth = health;
            boolean wasHealthy = healthy;
            healthy = health.healthy();
            if (health.healthy()) {
                attempt.healthyOnce = true;
                becameReady = !ready;
                ready = true;
                if (becameReady && readiness != null) {
                    readiness.cancel();
                }
                if (!wasHealthy && !becameReady) {
                    LOG.info("{} is healthy again", name);
                }
                scheduleCheck(attempt);
            } else if (!attempt.healthyOnce && System.nanoTime() - attempt.returnedAt < Timer.nanos(config.startupGrace())) {
                scheduleCheck(attempt); // within the startup grace: not ready yet
            } else {
                failed = true;
                if (wasHealthy) {
                    LOG.warn("{} is unhealthy: {}", name, health.detail());
                }
            }
        } finally {
            lock.unlock();
        }
        if (becameReady) {
            LOG.debug("{} is ready", name);
            run.onReady(this);
        }
        if (failed) {
            onFailure(attempt, Failure.HEALTH, new RunnerException("unhealthy: " + health.detail(), null));
        }
    }

    /**
     * Decides what a failure leads to: a failed run start, a restart after a backoff, or an end
     * (FAILED or STOPPED after an exit, RUNNING and unhealthy after a failed check).
     */
    private void onFailure(Attempt attempt, Failure failure, Throwable cause) {
        boolean failsRunStart = false;
        boolean failed = !(failure == Failure.EXIT && cause == null);
        boolean endsFailed = false;
        lock.lock();
        try {
            if (run.stopping() || attempt != current
                    || state == ServiceState.BACKING_OFF || state == ServiceState.FAILED || state == ServiceState.STOPPED) {
                return;
            }
            boolean runStarting = run.starting();
            if (runStarting && failure == Failure.START && attempt.number == 1) {
                failsRunStart = true; // a first start that throws or times out fails the run's start
                state = ServiceState.FAILED;
            } else if (config.restart().shouldRestart(failed, restarts)) {
                Duration wait = config.restart().backoff(restarts);
                state = ServiceState.BACKING_OFF;
                cancel(next);
                next = run.timer().schedule(wait, inMdc(() -> restart(attempt)));
                LOG.warn("{} {}; restart {} in {}", name, describe(failure, cause), restarts + 1, Messages.format(wait));
            } else if (runStarting && (!started || (!ready && !dependents.isEmpty()))) {
                failsRunStart = true; // its dependents, or the run's start, can never be satisfied
            } else if (failure == Failure.HEALTH) {
                scheduleCheck(attempt); // no restart left: stays RUNNING and unhealthy, checks go on
            } else {
                ServiceState end = failed ? ServiceState.FAILED : ServiceState.STOPPED;
                state = end;
                endsFailed = failed;
                LOG.warn("{} {}; not restarted (policy {}, {} restarts made)",
                        name, describe(failure, cause), config.restart().policy(), restarts);
                // taken and its stop registered under one lock, so a concurrent run stop waits for it
                stop(take(), Timer.nanos(config.stopTimeout()), end, () -> { });
            }
        } finally {
            lock.unlock();
        }
        if (failsRunStart) {
            run.failStart(this, cause);
        }
        if (endsFailed) {
            run.onServiceFailed(this, cause);
        }
    }

    /** The backoff ended: stop the old instance, then start a new one. */
    private void restart(Attempt failed) {
        lock.lock();
        try {
            if (run.stopping() || current != failed) {
                return;
            }
            restarts++;
            LOG.info("restarting {} (restart {})", name, restarts);
            // taken and its stop registered under one lock, so a concurrent run stop waits for it
            stop(take(), Timer.nanos(config.stopTimeout()), null, () -> startAttempt(Duration.ZERO));
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- stop

    /**
     * Ends supervision and gives up the calls in flight but stops; called for every service when
     * the run begins to stop, before any service is stopped.
     *
     * @param deadline the caller's deadline by {@link System#nanoTime()}, or {@code Long.MAX_VALUE}
     */
    void beginShutdown(long deadline) {
        BoundedCall<?> startCall = null;
        BoundedCall<?> checkCall;
        lock.lock();
        try {
            shutdownDeadline = deadline;
            cancel(next);
            cancel(readiness);
            checkCall = checking;
            if (current == null) {
                state = ServiceState.NEW; // never launched
            } else if (!current.returned && !current.givenUp) {
                current.givenUp = true;
                current.context.cancel();
                startCall = current.call;
            }
        } finally {
            lock.unlock();
        }
        if (checkCall != null) {
            checkCall.cancel();
        }
        if (startCall != null) {
            startCall.cancel();
        }
    }

    /**
     * Stops this service in its turn: waits for calls in flight to end, at most its stop timeout
     * and never past the caller's deadline, then stops the live instance within the same bounds.
     *
     * @return a future that completes, never exceptionally, once this service is stopped or given up
     */
    CompletableFuture<Void> shutdown() {
        List<CompletableFuture<Void>> inFlight;
        lock.lock();
        try {
            inFlight = List.copyOf(unsettled);
        } finally {
            lock.unlock();
        }
        CompletableFuture<Void> settled = inFlight.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : run.timer().within(CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)),
                        Duration.ofNanos(stopNanos(shutdownDeadline)));
        return settled.thenCompose(ignored -> stopLive(inFlight));
    }

    private CompletableFuture<Void> stopLive(List<CompletableFuture<Void>> inFlight) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean stuck = false;
        for (CompletableFuture<Void> call : inFlight) {
            stuck |= !call.isDone();
        }
        lock.lock();
        try {
            turnPassed = true; // from now on, an instance whose start returns late is stopped by its own thread
            Attempt toStop = take();
            if (toStop == null && state != ServiceState.FAILED && state != ServiceState.NEW) {
                state = ServiceState.STOPPED;
            }
            stop(toStop, stopNanos(shutdownDeadline), ServiceState.STOPPED, () -> done.complete(null));
        } finally {
            lock.unlock();
        }
        if (stuck) {
            LOG.warn("{}: a call ignores interruption; if its start returns, that instance is stopped then", name);
            run.recordStopError(this, new TimeoutException(quote(name) + " did not end its call within "
                    + Messages.format(Duration.ofNanos(stopNanos(shutdownDeadline))) + " of being interrupted"));
        }
        return done;
    }

    /** Returns the stop timeout, cut to what is left before {@code deadline}; zero once it passed. */
    private long stopNanos(long deadline) {
        long timeout = Timer.nanos(config.stopTimeout());
        return deadline == Long.MAX_VALUE ? timeout : Math.max(0, Math.min(timeout, deadline - System.nanoTime()));
    }

    /** Takes the live instance to stop it, or returns null; guarded by lock. */
    private Attempt take() {
        Attempt toStop = live;
        if (toStop != null) {
            toStop.stopCalled = true;
            live = null;
            state = state == ServiceState.FAILED ? state : ServiceState.STOPPING;
        }
        return toStop;
    }

    /**
     * Calls {@code stop} on a taken instance on its own thread, bounded by {@code nanos}, then sets
     * {@code end} as the state (null keeps it) and runs {@code then}. With no instance, only runs
     * {@code then}. Guarded by lock, so the call is registered before anyone can look for it.
     */
    private void stop(Attempt instance, long nanos, ServiceState end, Runnable then) {
        if (instance == null) {
            then.run();
            return;
        }
        CallContext context = new CallContext(nanos, null);
        BoundedCall<Void> call = BoundedCall.onNewThread(run.timer(), threadPrefix + "stop", name, Duration.ofNanos(nanos),
                () -> stopBody(context),
                outcome -> {
                    recordStop(outcome, end);
                    then.run();
                },
                late -> LOG.warn("{} stop returned after it was given up", name));
        track(call.settled());
    }

    /**
     * Calls {@code stop}. The context is made before the call's timeout is scheduled, so when the
     * timeout interrupts the call its context's deadline has passed and it reads cancelled.
     */
    private Void stopBody(CallContext context) throws Exception {
        LOG.debug("stopping {}", name);
        try {
            service.stop(context);
        } finally {
            context.ended();
        }
        return null;
    }

    /** Logs how a stop ended, records its error if the run is stopping, and sets {@code end}. */
    private void recordStop(Outcome<Void> outcome, ServiceState end) {
        Throwable error = switch (outcome) {
            case Outcome.Returned<Void> returned -> null;
            case Outcome.Threw<Void> threw -> threw.cause();
            case Outcome.TimedOut<Void> timedOut -> new TimeoutException(
                    quote(name) + " did not stop within " + Messages.format(timedOut.after()));
            case Outcome.Cancelled<Void> cancelled -> null;
        };
        if (end != null) {
            lock.lock();
            try {
                if (state == ServiceState.STOPPING) {
                    state = end;
                }
            } finally {
                lock.unlock();
            }
        }
        if (error == null) {
            LOG.info("{} stopped", name);
        } else {
            LOG.warn("{} did not stop cleanly: {}", name, error.toString());
            if (run.stopping()) {
                run.recordStopError(this, error);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Keeps a call's settlement until it happens, for {@link #shutdown}; guarded by lock. */
    private void track(CompletableFuture<Void> settled) {
        unsettled.add(settled);
        settled.whenComplete((ignored, error) -> {
            lock.lock();
            try {
                unsettled.remove(settled);
            } finally {
                lock.unlock();
            }
        });
    }

    private static void cancel(Timer.Handle handle) {
        if (handle != null) {
            handle.cancel();
        }
    }

    private static String describe(Failure failure, Throwable cause) {
        return switch (failure) {
            case START -> "failed to start: " + cause;
            case HEALTH -> "is " + cause.getMessage();
            case EXIT -> cause == null ? "exited" : "exited with a failure: " + cause;
        };
    }


    /** Wraps a timer task so that it logs with this service's name in the MDC key {@code service}. */
    private Runnable inMdc(Runnable task) {
        return () -> {
            try (MDC.MDCCloseable ignored = MDC.putCloseable("service", name)) {
                task.run();
            }
        };
    }
}
