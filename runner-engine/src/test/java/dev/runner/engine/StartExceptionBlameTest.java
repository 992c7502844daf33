package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Health;
import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import dev.runner.ServiceState;
import dev.runner.StartException;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, Bounds that hold against hostile services: a {@code StartException} names the service
 * whose failure decided it, with a message that says what happened (a clean exit before ready says
 * so), and a failed exit that ends a service ends it {@code FAILED}, also during start.
 */
class StartExceptionBlameTest extends RunnerFixture {

    /** Checks that fail mean "not ready yet" for an hour: the dependency stays started but not ready. */
    private static final Option NOT_READY_FOR_AN_HOUR = Option.startupGrace(Duration.ofHours(1));
    private static final Option FAST_CHECKS = Option.healthCheck(Duration.ofMillis(20), Duration.ofSeconds(1));
    private static final Option TINY_BACKOFF = Option.backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0);

    /** A dependency "db" that is never healthy, and "api" that waits for it. */
    private TestService notReadyDbWithApi(Runner runner, Option... dbOptions) {
        TestService db = service("db").health(Health.down("warming up"));
        Option[] options = new Option[dbOptions.length + 2];
        options[0] = NOT_READY_FOR_AN_HOUR;
        options[1] = FAST_CHECKS;
        System.arraycopy(dbOptions, 0, options, 2, dbOptions.length);
        runner.add(db, options);
        runner.add(service("api"), Option.dependsOn("db"));
        return db;
    }

    /** Makes each instance of {@code service} report an exit from a thread of its own once its start returned. */
    private void exitOnceStarted(TestService service, Throwable cause) {
        service.onStart((context, instance) -> Thread.ofVirtual().name("test-exit-" + service.name()).start(() -> {
            eventually(() -> log.find(service.name(), instance, Event.Kind.STARTED).isPresent());
            context.exited(cause);
        }));
    }

    @Test
    void cleanExitOfADependencyBeforeItIsReadyFailsTheStartSayingItExited() {
        Runner runner = runners.create("clean-exit-before-ready");
        TestService db = notReadyDbWithApi(runner);
        exitOnceStarted(db, null);

        StartException e = assertThrows(StartException.class, () -> runner.start(BOUND));

        assertEquals("db", e.service(), e.getMessage());
        assertTrue(e.getMessage().contains("exited"), "the message should say db exited: " + e.getMessage());
        assertFalse(e.getMessage().contains("unknown cause"), e.getMessage());
        assertNotNull(e.getCause(), "a clean exit before ready still has a cause to carry: " + e.getMessage());
    }

    @Test
    void failedExitBeforeReadyWithNoRestartEndsTheServiceFailed() {
        Runner runner = runners.create("failed-exit-never");
        TestService db = notReadyDbWithApi(runner, Option.restartPolicy(RestartPolicy.NEVER));
        IOException crash = new IOException("injected crash of db");
        exitOnceStarted(db, crash);

        StartException e = assertThrows(StartException.class, () -> runner.start(BOUND));

        assertEquals("db", e.service(), e.getMessage());
        assertTrue(Causes.contains(e, crash), Causes.describe(e));
        assertEquals(ServiceState.FAILED, runner.healthStatus().services().get("db").state());
        assertEquals(1, db.stops());
    }

    @Test
    void failedExitBeforeReadyWithRetriesUsedUpEndsTheServiceFailed() {
        Runner runner = runners.create("failed-exit-retries");
        TestService db = notReadyDbWithApi(runner, Option.restartPolicy(RestartPolicy.ON_FAILURE), Option.maxRetries(1),
                TINY_BACKOFF);
        IOException crash = new IOException("injected crash of db");
        exitOnceStarted(db, crash);

        StartException e = assertThrows(StartException.class, () -> runner.start(BOUND));

        assertEquals("db", e.service(), e.getMessage());
        assertEquals(2, db.starts(), "one restart, then no retry left; log:\n" + log.dump());
        assertEquals(ServiceState.FAILED, runner.healthStatus().services().get("db").state());
        assertEquals(db.startsReturned(), db.stops());
    }

    @Test
    void startDeadlineWhileADependencyIsNotYetHealthyNamesThatDependency() {
        Runner runner = runners.create("deadline-not-ready");
        TestService db = notReadyDbWithApi(runner);

        StartException e = assertThrows(StartException.class, () -> runner.start(Duration.ofMillis(500)));

        assertEquals("db", e.service(), "the dependency not yet healthy held the start up: " + e.getMessage());
        assertEquals(1, db.startsReturned());
        assertEquals(1, db.stops());
    }

    @Test
    void interruptWhileADependencyIsNotYetHealthyNamesThatDependency() {
        Runner runner = runners.create("interrupt-not-ready");
        TestService db = notReadyDbWithApi(runner);
        BackgroundCall start = BackgroundCall.start("start", runner::start);
        eventually(() -> db.startsReturned() == 1 && db.healthCalls() >= 2); // started, checked, not ready

        start.thread().interrupt();

        StartException e = start.awaitFailure(StartException.class, BOUND);
        assertEquals("db", e.service(), "the dependency not yet healthy held the start up: " + e.getMessage());
        assertEquals(1, db.stops());
    }
}
