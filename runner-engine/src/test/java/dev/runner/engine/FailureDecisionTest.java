package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runner.RestartConfig;
import dev.runner.RestartPolicy;
import dev.runner.ServiceState;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link FailureDecision} as a table, without threads: failure kind, policy, restarts made and the
 * run's phase in, the decision out.
 */
class FailureDecisionTest {

    private static final FailureDecision.Kind START = FailureDecision.Kind.START;
    private static final FailureDecision.Kind HEALTH = FailureDecision.Kind.HEALTH;
    private static final FailureDecision.Kind EXIT = FailureDecision.Kind.EXIT;

    private static final FailureDecision RESTART = new FailureDecision.Restart();
    private static final FailureDecision KEEP_CHECKING = new FailureDecision.KeepChecking();
    private static final FailureDecision FAIL_START = new FailureDecision.FailRunStart(ServiceState.FAILED);
    private static final FailureDecision FAIL_START_CLEANLY = new FailureDecision.FailRunStart(ServiceState.STOPPED);
    private static final FailureDecision END_FAILED = new FailureDecision.End(ServiceState.FAILED);
    private static final FailureDecision END_STOPPED = new FailureDecision.End(ServiceState.STOPPED);

    /** kind, clean, policy, maxRetries, restarts, attempt, runStarting, started, ready, hasDependents, expected. */
    static Stream<Arguments> table() {
        return Stream.of(
                // during the run's start, a first start that throws fails it, whatever the policy
                Arguments.of(START, false, RestartPolicy.ALWAYS, 5, 0, 1, true, false, false, false, FAIL_START),
                // a restart's start that throws restarts again while retries are left ...
                Arguments.of(START, false, RestartPolicy.ON_FAILURE, 5, 1, 2, false, true, true, false, RESTART),
                // ... and ends FAILED, giving up, when none are
                Arguments.of(START, false, RestartPolicy.ON_FAILURE, 1, 1, 2, false, true, true, false, END_FAILED),
                // a failed exit restarts by policy; 0 retries means unlimited
                Arguments.of(EXIT, false, RestartPolicy.ON_FAILURE, 0, 99, 100, false, true, true, false, RESTART),
                Arguments.of(EXIT, false, RestartPolicy.NEVER, 5, 0, 1, false, true, true, false, END_FAILED),
                // a clean exit: ALWAYS restarts it, ON_FAILURE ends it STOPPED without giving up
                Arguments.of(EXIT, true, RestartPolicy.ALWAYS, 5, 0, 1, false, true, true, false, RESTART),
                Arguments.of(EXIT, true, RestartPolicy.ON_FAILURE, 5, 0, 1, false, true, true, false, END_STOPPED),
                // failed checks with no restart left: stays running, unhealthy, checked
                Arguments.of(HEALTH, false, RestartPolicy.NEVER, 5, 0, 1, false, true, true, false, KEEP_CHECKING),
                Arguments.of(HEALTH, false, RestartPolicy.ON_FAILURE, 2, 2, 3, false, true, true, true, KEEP_CHECKING),
                Arguments.of(HEALTH, false, RestartPolicy.ON_FAILURE, 2, 1, 2, false, true, true, true, RESTART),
                // during the run's start, no restart left and dependents still waiting: fails the start
                Arguments.of(HEALTH, false, RestartPolicy.NEVER, 5, 0, 1, true, true, false, true, FAIL_START),
                Arguments.of(EXIT, false, RestartPolicy.NEVER, 5, 0, 1, true, true, false, true, FAIL_START),
                // ... a clean exit before ready too, ending STOPPED
                Arguments.of(EXIT, true, RestartPolicy.ON_FAILURE, 5, 0, 1, true, true, false, true, FAIL_START_CLEANLY),
                // ... but a service nobody waits for, already started, is judged as after the start
                Arguments.of(EXIT, false, RestartPolicy.NEVER, 5, 0, 1, true, true, false, false, END_FAILED),
                // during the run's start, a restart left still restarts (the start's timeout bounds it)
                Arguments.of(EXIT, false, RestartPolicy.ON_FAILURE, 5, 0, 1, true, true, false, true, RESTART));
    }

    @ParameterizedTest(name = "{0} clean={1} {2} max={3} made={4} attempt={5} starting={6} started={7} ready={8} dependents={9} -> {10}")
    @MethodSource("table")
    void decidesByKindPolicyRestartsAndPhase(FailureDecision.Kind kind, boolean clean, RestartPolicy policy,
                                             int maxRetries, int restarts, int attempt, boolean runStarting,
                                             boolean started, boolean ready, boolean hasDependents,
                                             FailureDecision expected) {
        RestartConfig restart = RestartConfig.defaults().withPolicy(policy).withMaxRetries(maxRetries);

        FailureDecision decision = FailureDecision.of(new FailureDecision.Facts(kind, clean, restart, restarts,
                attempt, runStarting, started, ready, hasDependents));

        assertEquals(expected, decision);
        assertEquals(expected == KEEP_CHECKING || expected == END_FAILED, decision.givesUp(), "givesUp of " + decision);
    }
}
