package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Context;
import dev.runner.Option;
import dev.runner.Runner;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, Stop: each service's stop gets at most its stop timeout and, under a caller's
 * deadline, at most the time left divided by the stop levels still to run from its own down to
 * the last, so the first levels cannot use up the time the last ones need. Read from the deadline
 * each {@code stop} call's context carries, compared with when the call began.
 */
class StopBudgetTest extends RunnerFixture {

    /** Each service's stop budget as its context showed it: deadline minus the moment the call began. */
    private final Map<String, Duration> budgets = new ConcurrentHashMap<>();

    private TestService recording(String name) {
        return service(name).onStop((context, instance) -> budgets.put(name, budgetOf(context)));
    }

    private static Duration budgetOf(Context context) {
        Instant now = Instant.now();
        return context.deadline().map(deadline -> Duration.between(now, deadline)).orElse(null);
    }

    /** Asserts that {@code service}'s budget lies within a second below {@code expected} (the calls before it take moments). */
    private void assertBudget(String service, Duration expected) {
        Duration budget = budgets.get(service);
        assertTrue(budget != null && budget.compareTo(expected) <= 0 && budget.compareTo(expected.minusSeconds(1)) > 0,
                service + "'s stop got " + budget + ", expected about " + expected + "; all: " + budgets);
    }

    /** web depends on api, which depends on db: three stop levels. */
    private Runner chain(String name, Option... dbOptions) {
        Runner runner = runners.create(name);
        runner.add(recording("db"), dbOptions);
        runner.add(recording("api"), Option.dependsOn("db"));
        runner.add(recording("web"), Option.dependsOn("api"));
        runner.start();
        return runner;
    }

    @Test
    void underACallersDeadlineEachLevelGetsItsShareOfWhatIsLeft() {
        Runner runner = chain("shares");

        runner.stop(Duration.ofSeconds(24));

        assertBudget("web", Duration.ofSeconds(8));   // 24 s over 3 levels
        assertBudget("api", Duration.ofSeconds(12));  // about 24 s left over 2 levels
        assertBudget("db", Duration.ofSeconds(24));   // about 24 s left for the last level
    }

    @Test
    void aStopTimeoutBelowItsShareBoundsTheStop() {
        Runner runner = chain("own-timeout", Option.stopTimeout(Duration.ofSeconds(5)));

        runner.stop(Duration.ofSeconds(24));

        assertBudget("db", Duration.ofSeconds(5));
    }

    @Test
    void withoutACallersDeadlineEachStopGetsItsStopTimeout() {
        Runner runner = chain("no-deadline", Option.stopTimeout(Duration.ofSeconds(7)));

        runner.stop();

        assertBudget("web", Duration.ofSeconds(30));
        assertBudget("api", Duration.ofSeconds(30));
        assertBudget("db", Duration.ofSeconds(7));
    }
}
