package dev.runner.engine;

import dev.runner.RestartConfig;
import dev.runner.ServiceState;

/**
 * What a service's failure leads to, as a pure function of plain values: no lock, no thread, no
 * clock. {@link ManagedService} gathers the values under its lock and carries the decision out.
 *
 * <p>The rules, first match wins:
 * <ol>
 *   <li>During the run's start, a first start that throws or times out fails the run's start.</li>
 *   <li>If the restart policy and the retries left allow it, restart after a backoff.</li>
 *   <li>During the run's start, a service that never started, or that dependents still wait for,
 *       can never be satisfied: it fails the run's start.</li>
 *   <li>Failed checks with no restart left: the service stays {@code RUNNING} and unhealthy, and
 *       checks go on (giving up).</li>
 *   <li>Otherwise the instance is stopped: {@code FAILED} after a failure (giving up),
 *       {@code STOPPED} after a clean exit (no giving up).</li>
 * </ol>
 */
sealed interface FailureDecision {

    /** What failed. */
    enum Kind {
        /** A {@code start} call threw or timed out. */
        START,
        /** Consecutive health checks failed up to the threshold. */
        HEALTH,
        /** The service reported {@code exited}; with a null cause, cleanly. */
        EXIT
    }

    /**
     * The values a decision depends on.
     *
     * @param kind           what failed
     * @param clean          a clean exit (only with {@link Kind#EXIT})
     * @param restart        the service's restart configuration
     * @param restarts       restarts already made (since the last reset)
     * @param attempt        the failed attempt's number, 1 for the run's first
     * @param runStarting    the run's {@code start} has not returned yet
     * @param started        the service's first start of this run returned
     * @param ready          the service became ready in this run
     * @param hasDependents  other services depend on it
     */
    record Facts(Kind kind, boolean clean, RestartConfig restart, int restarts, int attempt,
                 boolean runStarting, boolean started, boolean ready, boolean hasDependents) {
    }

    /** Restart after {@code restart.backoff(restarts)}. */
    record Restart() implements FailureDecision {
    }

    /** Fail the run's start; the service ends {@code end}. */
    record FailRunStart(ServiceState end) implements FailureDecision {
    }

    /** No restart left after failed checks: stay {@code RUNNING}, unhealthy, checks going on. */
    record KeepChecking() implements FailureDecision {
    }

    /** Stop the instance; the service ends {@code end}, giving up when it is {@code FAILED}. */
    record End(ServiceState end) implements FailureDecision {
    }

    /** Returns whether this decision gives the service up: a failure that finds no restart left. */
    default boolean givesUp() {
        return this instanceof KeepChecking || (this instanceof End end && end.end() == ServiceState.FAILED);
    }

    /** Decides what a failure described by {@code facts} leads to. */
    static FailureDecision of(Facts facts) {
        boolean failed = !facts.clean();
        ServiceState end = failed ? ServiceState.FAILED : ServiceState.STOPPED;
        if (facts.runStarting() && facts.kind() == Kind.START && facts.attempt() == 1) {
            return new FailRunStart(ServiceState.FAILED);
        }
        if (facts.restart().shouldRestart(failed, facts.restarts())) {
            return new Restart();
        }
        if (facts.runStarting() && (!facts.started() || (!facts.ready() && facts.hasDependents()))) {
            return new FailRunStart(end);
        }
        if (facts.kind() == Kind.HEALTH) {
            return new KeepChecking();
        }
        return new End(end);
    }
}
