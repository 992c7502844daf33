package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Context;
import dev.runner.Option;
import dev.runner.Runner;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The context a service's {@code start} gets: its deadline is the start timeout or the caller's
 * deadline, whichever comes first, the same each time it is asked for, and it speaks of the call
 * only, so it never turns cancelled after the call returned.
 */
class CallContextDeadlineTest extends RunnerFixture {

    /** Asserts that {@code deadline} lies {@code timeout} after a moment between {@code before} and now. */
    private static void assertDeadline(Instant deadline, Duration timeout, Instant before) {
        assertFalse(deadline.isBefore(before.plus(timeout).minusMillis(50)), deadline + " is before " + before + " + " + timeout);
        assertFalse(deadline.isAfter(Instant.now().plus(timeout).plusMillis(50)), deadline + " is after now + " + timeout);
    }

    @Test
    void aStartsDeadlineIsItsStartTimeoutWhenTheCallerHasNone() {
        Runner runner = runners.create("start-timeout");
        TestService db = service("db");
        runner.add(db, Option.startTimeout(Duration.ofSeconds(40)));
        Instant before = Instant.now();

        runner.start();

        assertDeadline(db.startContext(1).deadline().orElseThrow(), Duration.ofSeconds(40), before);
    }

    @Test
    void aStartsDeadlineIsTheCallersWhenItComesFirst() {
        Runner runner = runners.create("caller-deadline");
        TestService db = service("db");
        runner.add(db, Option.startTimeout(Duration.ofMinutes(10)));
        Instant before = Instant.now();

        runner.start(Duration.ofSeconds(45));

        assertDeadline(db.startContext(1).deadline().orElseThrow(), Duration.ofSeconds(45), before);
    }

    @Test
    void aStartsDeadlineIsTheSameEachTimeItIsAskedFor() {
        Runner runner = runners.create("same-deadline");
        TestService db = service("db");
        runner.add(db);
        runner.start();

        Context context = db.startContext(1);

        assertEquals(context.deadline(), context.deadline());
    }

    @Test
    void aStartThatReturnedIsNeverCancelledByItsDeadlineLater() {
        Runner runner = runners.create("ended-call");
        TestService db = service("db");
        runner.add(db, Option.startTimeout(Duration.ofMillis(300)));
        runner.start();
        Context context = db.startContext(1);
        Instant deadline = context.deadline().orElseThrow();

        eventually(() -> Instant.now().isAfter(deadline.plusMillis(20)));

        assertFalse(context.isCancelled(), "the start call ended before its deadline passed");
        assertTrue(runner.isRunning());
    }
}
