package dev.runner.engine;

import static dev.runner.engine.Messages.quote;

import dev.runner.Health;
import dev.runner.RunnerException;
import dev.runner.Service;
import dev.runner.ServiceConfig;
import dev.runner.ServiceEvent;
import dev.runner.ServiceState;
import dev.runner.ServiceStatus;
import dev.runner.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One service within one run: its state, the one place where the state changes
 * ({@link #moveTo}), and the decision of what a failure leads to ({@link #onFailure}). Its start
 * attempts, health supervision and stops are in {@link StartAttempts}, {@link HealthSupervision}
 * and {@link InstanceStop}, which share this object's lock; the states and their transitions are
 * drawn in {@link ServiceState} and checked against {@link Transitions}.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Every field below {@link #lock} is guarded by it. Every transition is decided under it
 *       and emits its event there, so events are queued in the order things happened. No service
 *       call, blocking wait, listener or call into another service runs under it; the one thing
 *       done under it is starting a call's thread (which never blocks), so that a call is
 *       registered in {@link #unsettled} before anyone can look for it.</li>
 *   <li>At most one instance is {@link #live}: its {@code start} returned and it was not taken to
 *       be stopped. Whoever takes it ({@link #take}) sets {@code live = null} and
 *       {@code stopCalled}, so each instance is stopped exactly once. An attempt given up that
 *       returns late is never live: its own thread stops it.</li>
 *   <li>Once the run is stopping, nothing new begins: no launch, check or restart.</li>
 * </ul>
 */
final class ManagedService {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedService.class);

    /** What {@link #snapshot()} reports for the runner's live health report. */
    record Snapshot(ServiceState state, boolean running, int restarts) {
    }

    final String name;
    final Service service;
    final ServiceConfig config;
    final Run run;
    final String threadPrefix;  // "<runner>/<service>/"
    /** The stop levels from this service's own down to the last; set once, before the run starts. */
    int stopLevelsLeft = 1;
    /** Dependencies not yet ready for the run's first launch; launched when it reaches zero. */
    final AtomicInteger waitingFor = new AtomicInteger();
    final StartAttempts starts;
    final HealthSupervision health;
    final InstanceStop stops;
    private List<ManagedService> dependents = List.of();
    private List<ManagedService> dependencies = List.of();
    private List<ManagedService> bound = List.of();     // dependents that bindsTo this one

    final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock:
    ServiceState state = ServiceState.NEW;
    Attempt current;            // the newest start attempt
    Attempt live;               // the instance to stop, or null
    int attempts;
    int restarts;               // since the run began or the last reset
    boolean started;            // the run counted this service's first normal start
    boolean ready;              // became ready in this run; latched
    Boolean lastPassed;         // the last check of the live instance passed; null: none yet
    int failedChecks;           // consecutive failed checks that count
    boolean gaveUpOnChecks;     // gave up after failed checks: stays unhealthy without deciding again until a pass
    long healthySince;          // when the live instance last turned healthy, by nanoTime; 0: not healthy
    Health lastHealth;
    Instant lastCheck;
    String lastFailure;
    Instant upSince;
    Timer.Handle next;          // the next health check or restart
    boolean waitsForBound;      // stopped for a bound dependency's restart; starts when it is ready
    CompletableFuture<Void> boundStop; // the stop for a bound dependency in progress, shared by all who ask
    ServiceState endAfterStop;  // the state its stop ends it in, once decided: FAILED or STOPPED
    final List<CompletableFuture<Void>> unsettled = new ArrayList<>(2); // start and stop calls in flight
    boolean turnPassed;         // the run's stop has passed this service by
    // The run's timeline, by System.nanoTime(); 0 where not reached:
    long launchedAt;
    long startBeganAt;
    long startedAt;
    long readyAt;
    long stopBeganAt;
    long stoppedAt;

    ManagedService(Run run, String name, Service service, ServiceConfig config) {
        this.run = run;
        this.name = name;
        this.service = service;
        this.config = config;
        this.threadPrefix = run.name() + "/" + name + "/";
        this.starts = new StartAttempts(this);
        this.health = new HealthSupervision(this);
        this.stops = new InstanceStop(this);
    }

    /** Links the services this one depends on and those that depend on it; once, before the run starts. */
    void link(List<ManagedService> dependencies, List<ManagedService> dependents) {
        this.dependencies = List.copyOf(dependencies);
        this.dependents = List.copyOf(dependents);
        List<ManagedService> boundToThis = new ArrayList<>();
        for (ManagedService dependent : dependents) {
            if (dependent.config.bindsTo().contains(name)) {
                boundToThis.add(dependent);
            }
        }
        this.bound = List.copyOf(boundToThis);
    }

    /** Tells whether an instance runs and a check of it has passed: dependents may run against it. */
    private boolean up() {
        lock.lock();
        try {
            return state == ServiceState.RUNNING && live != null && live.healthyOnce && !waitsForBound;
        } finally {
            lock.unlock();
        }
    }

    /** Returns the services that depend on this one. */
    List<ManagedService> dependents() {
        return dependents;
    }

    /** Marks the service as waiting for its dependencies; called when the run is built. */
    void waitForDependencies(int dependencies) {
        lock.lock();
        try {
            waitingFor.set(dependencies);
            moveTo(ServiceState.WAITING, null);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- state

    /**
     * Changes the state, checked against {@link Transitions}, and queues {@code event} (null for
     * a transition without one). Guarded by lock.
     *
     * @throws IllegalStateException if the transition is not in the table: an engine bug
     */
    void moveTo(ServiceState next, ServiceEvent event) {
        assert lock.isHeldByCurrentThread();
        if (!Transitions.legal(state, next)) {
            throw new IllegalStateException(quote(name) + ": illegal transition " + state + " -> " + next);
        }
        state = next;
        if (event != null) {
            emit(event);
        }
    }

    /** Queues an event for the runner's listeners; guarded by lock, so events keep their order. */
    void emit(ServiceEvent event) {
        assert lock.isHeldByCurrentThread();
        run.listeners().publish(event);
    }

    /** Tells whether anyone listens, so that events need not be made; any thread. */
    boolean listened() {
        return run.listeners().any();
    }

    /** Returns the restarts made, after resetting them if the live instance has run healthy long enough. */
    int restartsNow() {
        assert lock.isHeldByCurrentThread();
        long resetAfter = Timer.nanos(config.restart().resetAfter());
        if (restarts > 0 && resetAfter > 0 && healthySince != 0 && System.nanoTime() - healthySince >= resetAfter) {
            restarts = 0;
        }
        return restarts;
    }

    /** Returns the state, whether an instance is up, and the restarts made, as one consistent view. */
    Snapshot snapshot() {
        lock.lock();
        try {
            return new Snapshot(state, running(), restartsNow());
        } finally {
            lock.unlock();
        }
    }

    private boolean running() {
        return live != null && !live.exited && (state == ServiceState.RUNNING || state == ServiceState.BACKING_OFF);
    }

    /** Returns what supervision last saw of this service; never waits for the service. */
    ServiceStatus status() {
        lock.lock();
        try {
            boolean healthy = state == ServiceState.RUNNING && running() && Boolean.TRUE.equals(lastPassed);
            String detail = healthy ? null
                    : !running() ? "service not running"
                    : lastHealth == null || lastHealth.healthy() ? "not checked yet" : lastHealth.detail();
            return new ServiceStatus(state, healthy, detail, lastCheck, restartsNow(), lastFailure,
                    running() ? upSince : null, config.critical(), config.readiness());
        } finally {
            lock.unlock();
        }
    }

    /** Returns this service's marks in the run's timeline, as offsets from {@code origin}. */
    Timeline.Span span(long origin) {
        lock.lock();
        try {
            return new Timeline.Span(name, config.dependsOn(), offset(origin, launchedAt), offset(origin, startBeganAt),
                    offset(origin, startedAt), offset(origin, readyAt), offset(origin, stopBeganAt),
                    offset(origin, stoppedAt));
        } finally {
            lock.unlock();
        }
    }

    private static Duration offset(long origin, long mark) {
        return mark == 0 ? null : Duration.ofNanos(Math.max(0, mark - origin));
    }

    /** Tells whether this service's first start of the run has returned. */
    boolean hasStarted() {
        lock.lock();
        try {
            return started;
        } finally {
            lock.unlock();
        }
    }

    /** Tells whether the run's start still waits for this service: launched, and not started or not ready for its dependents. */
    boolean stillStarting() {
        lock.lock();
        try {
            return current != null && (!started || (!ready && !dependents.isEmpty()));
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- failures

    /** The instance reported through its context that it ended; on the caller's thread. */
    void onExit(Attempt attempt, Throwable cause) {
        String previous = MDC.get("service");
        MDC.put("service", name);
        try {
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
            onFailure(attempt, FailureDecision.Kind.EXIT, cause);
        } finally {
            if (previous == null) {
                MDC.remove("service");
            } else {
                MDC.put("service", previous);
            }
        }
    }

    /**
     * Carries out what a failure leads to (see {@link FailureDecision}): a restart after a backoff,
     * a failed run start, or giving up (which fails the runner for a critical service).
     *
     * @param cause the failure; null for a clean exit
     */
    void onFailure(Attempt attempt, FailureDecision.Kind kind, Throwable cause) {
        assert !lock.isHeldByCurrentThread();
        boolean clean = kind == FailureDecision.Kind.EXIT && cause == null;
        String what = describe(kind, cause);
        FailureDecision decision;
        Attempt ending = null;
        CompletableFuture<Void> endingStopped = null;
        Duration backoff = null;
        int restart = 0;
        lock.lock();
        try {
            if (run.stopping() || attempt != current || !(state == ServiceState.RUNNING
                    || state == ServiceState.STARTING || state == ServiceState.WAITING)) {
                return;
            }
            if (kind == FailureDecision.Kind.EXIT && listened()) {
                emit(new ServiceEvent.Exited(name, Instant.now(), cause));
            }
            if (!clean) {
                lastFailure = kind == FailureDecision.Kind.HEALTH ? Messages.describe(cause) : what;
            }
            decision = FailureDecision.of(new FailureDecision.Facts(kind, clean, config.restart(), restartsNow(),
                    attempt.number, run.starting(), started, ready, !dependents.isEmpty()));
            switch (decision) {
                case FailureDecision.Restart r -> {
                    restart = restarts + 1;
                    backoff = config.restart().backoff(restarts);
                    moveTo(ServiceState.BACKING_OFF, listened()
                            ? new ServiceEvent.Restarting(name, Instant.now(), restart, backoff, what) : null);
                    cancel(next);
                    next = run.timer().schedule(backoff, inMdc(() -> restart(attempt)));
                }
                case FailureDecision.FailRunStart f -> {
                    endAfterStop = f.end();
                    if (live == null) {
                        moveTo(f.end(), null); // nothing to stop
                    }
                }
                case FailureDecision.KeepChecking k -> {
                    gaveUpOnChecks = true;
                    emitGaveUp(cause);
                    health.scheduleCheck(attempt);
                }
                case FailureDecision.End e -> {
                    if (e.end() == ServiceState.FAILED) {
                        emitGaveUp(cause);
                    }
                    endAfterStop = e.end();
                    if (e.end() == ServiceState.FAILED && config.critical()) {
                        break; // the runner fails: its stop takes this instance in its turn, dependents first
                    }
                    ending = take();
                    if (ending == null) {
                        moveTo(e.end(), null);
                    } else {
                        endingStopped = new CompletableFuture<>();
                        track(endingStopped); // the run's stop waits for it, as for any stop call
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        switch (decision) {
            case FailureDecision.Restart r -> LOG.warn("{} {}; restart {} in {}",
                    quote(name), what, restart, Messages.format(backoff), traceOf(cause));
            case FailureDecision.FailRunStart f -> run.failStart(this, clean
                    ? new RunnerException(quote(name) + " exited before it was ready", null) : cause);
            case FailureDecision.KeepChecking k -> giveUp(what, cause, false);
            case FailureDecision.End e -> {
                if (e.end() == ServiceState.FAILED) {
                    giveUp(what, cause, true);
                } else {
                    LOG.info("{} {}; not restarted (policy {})", quote(name), what, config.restart().policy());
                }
                Attempt instance = ending;
                CompletableFuture<Void> stopped = endingStopped;
                // the bound services stop first, then the instance that ends
                stopBound(ServiceState.STOPPED).thenRun(() -> {
                    if (instance == null) {
                        return;
                    }
                    lock.lock();
                    try {
                        stops.stop(instance, Timer.nanos(config.stopTimeout()), e.end())
                                .whenComplete((ignored, impossible) -> stopped.complete(null));
                    } finally {
                        lock.unlock();
                    }
                });
            }
        }
    }

    private void emitGaveUp(Throwable cause) {
        if (listened()) {
            emit(new ServiceEvent.GaveUp(name, Instant.now(), cause));
        }
    }

    /** Logs giving up, with the cause's stack trace, and tells the run (which fails if this service is critical). */
    private void giveUp(String what, Throwable cause, boolean ended) {
        Object[] args = {quote(name), what, config.restart().policy(), Messages.count(restarts, "restart"),
                ended ? "stopped" : "stays running and unhealthy", traceOf(cause)};
        LOG.error("{} {}; no restart left (policy {}, {} made): gave up, {}", args);
        run.onGaveUp(this, cause == null ? new RunnerException(quote(name) + " " + what, null) : cause, ended);
    }

    /**
     * Returns the cause to log with its stack trace, or null for a failed check, whose message
     * says it all (its exception was made by the engine, and its trace would show only the engine).
     */
    private static Throwable traceOf(Throwable cause) {
        return cause instanceof RunnerException && cause.getCause() == null ? null : cause;
    }

    /** The backoff ended: stop the bound dependents, then the old instance, then start a new one. */
    private void restart(Attempt failed) {
        lock.lock();
        try {
            if (run.stopping() || current != failed) {
                return;
            }
            restarts++;
            LOG.info("restarting {} (restart {})", quote(name), restarts);
        } finally {
            lock.unlock();
        }
        stopBound(null).thenRun(() -> {
            lock.lock();
            try {
                if (run.stopping() || current != failed) {
                    return;
                }
                Attempt instance = take();
                if (instance == null) {
                    starts.startAttempt(Duration.ZERO);
                } else {
                    stops.stop(instance, Timer.nanos(config.stopTimeout()), null)
                            .thenRun(() -> starts.startAttempt(Duration.ZERO));
                }
            } finally {
                lock.unlock();
            }
        });
    }

    // ---------------------------------------------------------------- bindsTo

    /**
     * Stops the services bound to this one, transitively, before this one's old instance stops.
     *
     * @param end null when this one restarts (they wait for it to be ready again), else the state
     *            they end in
     * @return a future that completes once they all stopped
     */
    CompletableFuture<Void> stopBound(ServiceState end) {
        if (bound.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(bound.stream().map(b -> b.stopForDependency(this, end)).toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> stopForDependency(ManagedService dependency, ServiceState end) {
        return stopBound(end).thenCompose(ignored -> {
            lock.lock();
            try {
                if (run.stopping()) {
                    return CompletableFuture.<Void>completedFuture(null);
                }
                if (boundStop != null && !boundStop.isDone()) {
                    return boundStop; // bound to two that restart at once: both wait for the one stop
                }
                if (state == ServiceState.WAITING && waitsForBound) {
                    if (end != null) {
                        waitsForBound = false;
                        moveTo(end, null);
                    }
                    return CompletableFuture.<Void>completedFuture(null);
                }
                if (state != ServiceState.RUNNING && state != ServiceState.BACKING_OFF) {
                    return CompletableFuture.<Void>completedFuture(null); // starting or ended: nothing bound runs
                }
                cancel(next);
                if (end == null && listened()) {
                    emit(new ServiceEvent.Restarting(name, Instant.now(), restarts, Duration.ZERO,
                            "dependency " + quote(dependency.name) + " restarted"));
                }
                waitsForBound = end == null;
                current = null; // a late report of the old instance no longer counts
                Attempt instance = take();
                if (instance == null) {
                    moveTo(ServiceState.STOPPED, null);
                    return CompletableFuture.<Void>completedFuture(null);
                }
                boundStop = stops.stop(instance, Timer.nanos(config.stopTimeout()), end == null ? ServiceState.WAITING : end);
                return boundStop;
            } finally {
                lock.unlock();
            }
        });
    }

    /**
     * A new instance became ready: start the dependents that wait after a bound restart, each once
     * all its dependencies are up (a service bound to two that both restart waits for both, and one
     * that also depends on a restarted service waits for it too).
     */
    void relaunchBound() {
        for (ManagedService b : dependents) {
            if (!b.waitsForBound() || !b.dependenciesUp()) {
                continue; // the last of its dependencies to be ready again starts it
            }
            b.lock.lock();
            try {
                if (!b.waitsForBound || run.stopping()) {
                    continue;
                }
                b.waitsForBound = false;
            } finally {
                b.lock.unlock();
            }
            b.starts.startAttempt(b.config.startDelay());
        }
    }

    private boolean waitsForBound() {
        lock.lock();
        try {
            return waitsForBound;
        } finally {
            lock.unlock();
        }
    }

    private boolean dependenciesUp() {
        for (ManagedService dependency : dependencies) {
            if (!dependency.up()) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- helpers

    /** Takes the live instance to stop it, moving to STOPPING, or returns null; guarded by lock. */
    Attempt take() {
        assert lock.isHeldByCurrentThread();
        Attempt toStop = live;
        if (toStop != null) {
            toStop.stopCalled = true;
            live = null;
            upSince = null;
            lastPassed = null;
            moveTo(ServiceState.STOPPING, listened() ? new ServiceEvent.Stopping(name, Instant.now()) : null);
        }
        return toStop;
    }

    /** Keeps a start or stop call's settlement until it happens, for the run's stop; guarded by lock. */
    void track(CompletableFuture<Void> settled) {
        assert lock.isHeldByCurrentThread();
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

    static void cancel(Timer.Handle handle) {
        if (handle != null) {
            handle.cancel();
        }
    }

    private static String describe(FailureDecision.Kind kind, Throwable cause) {
        return switch (kind) {
            case START -> "failed to start: " + Messages.describe(cause);
            case HEALTH -> "is " + Messages.describe(cause);
            case EXIT -> cause == null ? "exited" : "exited with a failure: " + Messages.describe(cause);
        };
    }

    /** Wraps a timer task so that it logs with this service's name in the MDC key {@code service}. */
    Runnable inMdc(Runnable task) {
        return () -> {
            try (MDC.MDCCloseable ignored = MDC.putCloseable("service", name)) {
                task.run();
            }
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
