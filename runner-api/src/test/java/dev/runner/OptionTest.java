package dev.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The option factories refuse bad values at once, naming the problem. */
class OptionTest {

    private static final Duration NEGATIVE = Duration.ofMillis(-1);

    private static void assertRefused(Class<? extends Throwable> type, String messagePart, Executable call) {
        Throwable e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(messagePart),
                "message \"" + e.getMessage() + "\" does not contain \"" + messagePart + "\"");
    }

    @Test
    void dependsOnRefusesNullAndBlankNames() {
        assertRefused(NullPointerException.class, "dependsOn", () -> Option.dependsOn((String[]) null));
        assertThrows(NullPointerException.class, () -> Option.dependsOn("db", null));
        assertRefused(IllegalArgumentException.class, "dependsOn names must not be blank", () -> Option.dependsOn("db", " "));
        assertRefused(IllegalArgumentException.class, "blank", () -> Option.dependsOn(""));
    }

    @Test
    void dependsOnKeepsItsNamesInOrder() {
        assertEquals(new Option.DependsOn(List.of("db", "cache")), Option.dependsOn("db", "cache"));
    }

    @Test
    void startDelayRefusesNegativeAndNull() {
        assertRefused(IllegalArgumentException.class, "startDelay must not be negative", () -> Option.startDelay(NEGATIVE));
        assertRefused(NullPointerException.class, "startDelay", () -> Option.startDelay(null));
        assertEquals(new Option.StartDelay(Duration.ZERO), Option.startDelay(Duration.ZERO));
    }

    @Test
    void restartPolicyAndConfigRefuseNull() {
        assertRefused(NullPointerException.class, "restartPolicy", () -> Option.restartPolicy(null));
        assertRefused(NullPointerException.class, "restartConfig", () -> Option.restartConfig(null));
    }

    @Test
    void maxRetriesRefusesNegative() {
        assertRefused(IllegalArgumentException.class, "maxRetries must not be negative: -1", () -> Option.maxRetries(-1));
        assertEquals(new Option.MaxRetries(0), Option.maxRetries(0));
    }

    @Test
    void backoffRefusesWhatRestartConfigRefuses() {
        assertRefused(IllegalArgumentException.class, "initialBackoff must not be negative",
                () -> Option.backoff(NEGATIVE, Duration.ofSeconds(1), 2.0));
        assertRefused(IllegalArgumentException.class, "maxBackoff must not be negative",
                () -> Option.backoff(Duration.ZERO, NEGATIVE, 2.0));
        assertRefused(IllegalArgumentException.class, "must not be above maxBackoff",
                () -> Option.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0));
        assertRefused(IllegalArgumentException.class, "multiplier",
                () -> Option.backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5));
        assertRefused(IllegalArgumentException.class, "multiplier",
                () -> Option.backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), Double.NaN));
        assertRefused(IllegalArgumentException.class, "multiplier",
                () -> Option.backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), Double.POSITIVE_INFINITY));
        assertThrows(NullPointerException.class, () -> Option.backoff(null, Duration.ofSeconds(2), 2.0));
    }

    @Test
    void timeoutsRefuseZeroNegativeAndNull() {
        assertRefused(IllegalArgumentException.class, "startTimeout must be positive", () -> Option.startTimeout(Duration.ZERO));
        assertRefused(IllegalArgumentException.class, "startTimeout must be positive", () -> Option.startTimeout(NEGATIVE));
        assertRefused(NullPointerException.class, "startTimeout", () -> Option.startTimeout(null));
        assertRefused(IllegalArgumentException.class, "stopTimeout must be positive", () -> Option.stopTimeout(Duration.ZERO));
        assertRefused(IllegalArgumentException.class, "stopTimeout must be positive", () -> Option.stopTimeout(NEGATIVE));
        assertRefused(NullPointerException.class, "stopTimeout", () -> Option.stopTimeout(null));
    }

    @Test
    void healthCheckRefusesNonPositiveIntervalOrTimeout() {
        assertRefused(IllegalArgumentException.class, "healthCheck interval must be positive",
                () -> Option.healthCheck(Duration.ZERO, Duration.ofSeconds(1)));
        assertRefused(IllegalArgumentException.class, "healthCheck timeout must be positive",
                () -> Option.healthCheck(Duration.ofSeconds(1), NEGATIVE));
        assertRefused(NullPointerException.class, "healthCheck interval", () -> Option.healthCheck(null, Duration.ofSeconds(1)));
    }

    @Test
    void startupGraceRefusesNegative() {
        assertRefused(IllegalArgumentException.class, "startupGrace must not be negative", () -> Option.startupGrace(NEGATIVE));
        assertEquals(new Option.StartupGrace(Duration.ZERO), Option.startupGrace(Duration.ZERO));
    }

    @Test
    void failureThresholdRefusesLessThanOne() {
        assertRefused(IllegalArgumentException.class, "failureThreshold must be at least 1: 0", () -> Option.failureThreshold(0));
        assertEquals(new Option.FailureThreshold(1), Option.failureThreshold(1));
    }

    @Test
    void theVersionTwoFactoriesMakeTheirOptions() {
        assertEquals(new Option.BindsTo(List.of("db", "cache")), Option.bindsTo("db", "cache"));
        assertEquals(new Option.Critical(), Option.critical());
        assertEquals(new Option.Readiness(false), Option.readiness(false));
        assertRefused(NullPointerException.class, "bindsTo", () -> Option.bindsTo((String[]) null));
        assertRefused(IllegalArgumentException.class, "bindsTo names must not be blank", () -> Option.bindsTo(" "));
    }

    @Test
    void probeRefusesNull() {
        assertRefused(NullPointerException.class, "probe", () -> Option.probe((HealthProbe) null));
        assertThrows(NullPointerException.class, () -> Option.probe((String) null));
    }

    @Test
    void probeByUriWithUnknownSchemeFailsAtOnceNamingTheScheme() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Option.probe("nosuchscheme://db.example:5432/app"));

        assertTrue(e.getMessage().contains("\"nosuchscheme\""), e.getMessage());
        assertTrue(e.getMessage().contains("installed schemes"), e.getMessage());
    }
}
