package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Context;
import dev.runner.Health;
import dev.runner.HealthStatus;
import dev.runner.Option;
import dev.runner.Runner;
import dev.runner.ServiceState;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN.md, Bounds that hold against hostile services: a duration too large to add to the clock
 * means "no deadline" and never throws {@code ArithmeticException}, wherever it is given.
 */
class HugeDurationTest extends RunnerFixture {

    /**
     * The largest duration there is; one too large to add to {@code Instant.now()}; and one that
     * fits the clock but not a {@code long} of nanoseconds.
     */
    static List<Duration> hugeDurations() {
        return List.of(ChronoUnit.FOREVER.getDuration(), Duration.ofSeconds(Long.MAX_VALUE), Duration.ofDays(365L * 1000));
    }

    @ParameterizedTest
    @MethodSource("hugeDurations")
    void startAndStopWithAHugeTimeoutMeanNoDeadline(Duration huge) {
        Runner runner = runners.create("huge-caller-timeout");
        TestService db = service("db");
        runner.add(db);
        runner.add(service("api"), Option.dependsOn("db"));

        assertDoesNotThrow(() -> runner.start(huge));
        assertTrue(runner.isRunning());
        assertDoesNotThrow(() -> runner.stop(huge));

        assertEquals(1, db.stops());
        Context context = assertDoesNotThrow(() -> Context.withTimeout(huge));
        if (!fitsTheClock(huge)) {
            assertTrue(context.deadline().isEmpty(), "a timeout too large to add to the clock means no deadline");
        }
    }

    private static boolean fitsTheClock(Duration duration) {
        try {
            Instant.now().plus(duration);
            return true;
        } catch (ArithmeticException | DateTimeException e) {
            return false;
        }
    }

    @ParameterizedTest
    @MethodSource("hugeDurations")
    void everyTimeoutOptionAndTheBackoffMaximumAcceptAHugeDuration(Duration huge) {
        Runner runner = runners.create("huge-options");
        // Down at its first check, so that dependents wait for it and its start timeout bounds
        // its becoming healthy; up from the second.
        AtomicInteger checks = new AtomicInteger();
        TestService db = service("db").health(instance -> checks.incrementAndGet() == 1 ? Health.down("warming up") : Health.up());
        TestService api = service("api");
        runner.add(db, Option.startTimeout(huge), Option.stopTimeout(huge), Option.healthCheck(Duration.ofMillis(20), huge),
                Option.backoff(Duration.ofMillis(1), huge, 2.0), Option.startupGrace(huge));
        runner.add(api, Option.dependsOn("db"), Option.startTimeout(huge), Option.stopTimeout(huge),
                Option.healthCheck(huge, huge), Option.backoff(Duration.ofMillis(1), huge, 2.0));

        assertDoesNotThrow(() -> runner.start(), "start");
        HealthStatus status = assertDoesNotThrow(runner::healthStatus, "healthStatus");
        assertTrue(status.healthy(), status.toString());
        assertDoesNotThrow(() -> runner.stop(), "stop");

        assertEquals(1, db.stops());
        assertEquals(1, api.stops());
        assertEquals(ServiceState.STOPPED, runner.healthStatus().services().get("db").state());
    }

    @Test
    void dependsOnWithANullNameSaysSo() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Option.dependsOn("a", null));

        assertNotNull(e.getMessage(), "the message names the problem");
        assertTrue(e.getMessage().contains("null"), e.getMessage());
    }
}
