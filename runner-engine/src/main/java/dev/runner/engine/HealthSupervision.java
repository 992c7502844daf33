package dev.runner.engine;

import static dev.runner.engine.Messages.quote;

import dev.runner.Health;
import dev.runner.RunnerException;
import dev.runner.ServiceEvent;
import dev.runner.ServiceState;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The health supervision of one service: a check right after each {@code start} returns, then one
 * every health interval, each bounded by the health timeout; readiness, the startup grace, the
 * failure threshold, and the bound on becoming ready while the run starts.
 *
 * <p>Invariants: at most one check is in flight ({@link CheckGate}); the next check is scheduled
 * only once the previous one's result (or timeout) was handled, so checks never overlap; a check
 * result counts only for the instance it checked, while that instance is live and
 * {@code RUNNING}. Methods marked "guarded by lock" run under {@link ManagedService#lock}; the
 * others take it and never hold it across a check.
 */
final class HealthSupervision {

    private final ManagedService s;
    private final CheckGate gate;
    private Timer.Handle readiness;     // guarded by lock: the bound on becoming ready while the run starts

    HealthSupervision(ManagedService service) {
        this.s = service;
        this.gate = new CheckGate(new HealthCheck(service.service, service.config.probes(), service.config.healthTimeout()),
                service.threadPrefix + "health", service.run.owner());
    }

    /** Returns the gate that all checks of this service pass, {@code healthStatus()}'s included. */
    CheckGate gate() {
        return gate;
    }

    /** Bounds the time to become ready while the run starts and others wait; guarded by lock. */
    void armReadinessTimeout() {
        assert s.lock.isHeldByCurrentThread();
        if (!s.ready && !s.dependents().isEmpty() && s.run.starting() && readiness == null) {
            long left = Timer.nanos(s.config.startTimeout()) - (System.nanoTime() - s.launchedAt);
            readiness = s.run.timer().schedule(Duration.ofNanos(Math.max(0, left)), s.inMdc(this::onReadinessTimeout));
        }
    }

    /** Cancels the timers of supervision; guarded by lock. */
    void cancelTimers() {
        assert s.lock.isHeldByCurrentThread();
        ManagedService.cancel(readiness);
    }

    /**
     * Checks a started instance at once: "start returned" means up. The check runs on a thread of
     * its own, so the start's call is over when the check begins and a stop never waits for it.
     */
    void afterStart(Attempt attempt) {
        if (gate.alwaysUp()) {
            onHealth(attempt, Health.up()); // a check that is always up needs no thread, nor a timeout
        } else {
            await(attempt, gate.enter());
        }
    }

    /** Schedules the next check of the instance after the interval; guarded by lock. */
    void scheduleCheck(Attempt attempt) {
        assert s.lock.isHeldByCurrentThread();
        if (gate.alwaysUp()) {
            return; // nothing to supervise: it can only fail by exiting, which is seen at once
        }
        // Not in the service's MDC, unlike the other timer tasks: beginning a check logs nothing,
        // and it runs every interval for every service.
        s.next = s.run.timer().schedule(s.config.healthInterval(), () -> beginCheck(attempt));
    }

    private void beginCheck(Attempt attempt) {
        CompletableFuture<Health> result;
        s.lock.lock();
        try {
            if (s.run.stopping() || s.live != attempt || s.state != ServiceState.RUNNING) {
                return;
            }
            result = gate.enter(); // a check deaf to its timeout is joined, not run again
        } finally {
            s.lock.unlock();
        }
        await(attempt, result);
    }

    /** Handles a check's result, or its timeout, whichever comes first. */
    private void await(Attempt attempt, CompletableFuture<Health> result) {
        AtomicBoolean handled = new AtomicBoolean();
        Timer.Handle timeout = s.run.timer().schedule(s.config.healthTimeout(), s.inMdc(() -> {
            gate.interrupt(result);
            if (handled.compareAndSet(false, true)) {
                onHealth(attempt, gate.timedOut());
            }
        }));
        result.whenComplete((health, impossible) -> {
            timeout.cancel();
            if (handled.compareAndSet(false, true)) {
                onHealth(attempt, health);
            }
        });
    }

    private void onHealth(Attempt attempt, Health health) {
        assert !s.lock.isHeldByCurrentThread() : "it calls into the run and other services";
        boolean becameReady = false;
        boolean readyAgain = false;
        boolean failed = false;
        s.lock.lock();
        try {
            if (s.run.stopping() || s.live != attempt || attempt.exited || s.state != ServiceState.RUNNING) {
                return;
            }
            long now = System.nanoTime();
            s.lastHealth = health;
            s.lastCheck = Instant.now();
            if (health.healthy()) {
                s.failedChecks = 0;
                s.gaveUpOnChecks = false;
                if (!attempt.healthyOnce) {
                    attempt.healthyOnce = true;
                    readyAgain = attempt.number > 1;
                    if (s.listened()) {
                        s.emit(new ServiceEvent.Ready(s.name, s.lastCheck, Duration.ofNanos(now - attempt.launchedAt)));
                    }
                } else if (Boolean.FALSE.equals(s.lastPassed) && s.listened()) {
                    s.emit(new ServiceEvent.Recovered(s.name, s.lastCheck));
                }
                if (!Boolean.TRUE.equals(s.lastPassed)) {
                    s.healthySince = now;
                }
                s.lastPassed = true;
                if (!s.ready) {
                    s.ready = true;
                    s.readyAt = now;
                    becameReady = true;
                    ManagedService.cancel(readiness);
                }
                scheduleCheck(attempt);
            } else if (!attempt.healthyOnce && now - attempt.returnedAt < Timer.nanos(s.config.startupGrace())) {
                scheduleCheck(attempt); // within the startup grace: not ready yet, not a failure
            } else {
                if (!Boolean.FALSE.equals(s.lastPassed) && s.listened()) {
                    s.emit(new ServiceEvent.Unhealthy(s.name, s.lastCheck, health.detail()));
                }
                s.lastPassed = false;
                s.healthySince = 0;
                s.lastFailure = "unhealthy: " + health.detail();
                // once given up, a service that stays unhealthy is not decided on again
                failed = ++s.failedChecks >= s.config.failureThreshold() && !s.gaveUpOnChecks;
                if (!failed) {
                    scheduleCheck(attempt);
                }
            }
        } finally {
            s.lock.unlock();
        }
        if (becameReady) {
            s.run.onReady(s);
        }
        if (becameReady || readyAgain) {
            s.relaunchBound();
        }
        if (failed) {
            s.onFailure(attempt, FailureDecision.Kind.HEALTH, new RunnerException("unhealthy: " + health.detail(), null));
        }
    }

    private void onReadinessTimeout() {
        String detail;
        s.lock.lock();
        try {
            if (s.ready || s.run.stopping()) {
                return;
            }
            detail = s.lastHealth == null ? "no health check passed" : s.lastHealth.detail();
        } finally {
            s.lock.unlock();
        }
        s.run.failStart(s, new TimeoutException(quote(s.name) + " did not become healthy within "
                + Messages.format(s.config.startTimeout()) + ": " + detail));
    }
}
