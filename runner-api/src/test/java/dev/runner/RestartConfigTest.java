package dev.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The restart configuration: its validation, its backoff sequence and its restart decision. */
class RestartConfigTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration MINUTE = Duration.ofSeconds(60);

    @Test
    void defaultsAreOnFailureFiveRetriesOneToSixtySecondsDoublingWithJitter() {
        RestartConfig defaults = RestartConfig.defaults();

        assertEquals(new RestartConfig(RestartPolicy.ON_FAILURE, 5, SECOND, MINUTE, 2.0, true), defaults);
    }

    @Test
    void negativeRetriesAreRefusedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RestartConfig(RestartPolicy.ALWAYS, -1, SECOND, MINUTE, 2.0, false));

        assertTrue(e.getMessage().contains("maxRetries"), e.getMessage());
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void negativeRetriesAreRefusedByWithMaxRetries() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RestartConfig.defaults().withMaxRetries(-3));

        assertTrue(e.getMessage().contains("maxRetries must not be negative: -3"), e.getMessage());
    }

    @Test
    void negativeInitialBackoffIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RestartConfig.defaults().withBackoff(Duration.ofMillis(-1), MINUTE, 2.0));

        assertTrue(e.getMessage().contains("initialBackoff must not be negative"), e.getMessage());
    }

    @Test
    void negativeMaxBackoffIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RestartConfig(RestartPolicy.NEVER, 0, Duration.ZERO, Duration.ofSeconds(-5), 1.0, false));

        assertTrue(e.getMessage().contains("maxBackoff must not be negative"), e.getMessage());
    }

    @Test
    void initialBackoffAboveMaximumIsRefusedNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RestartConfig.defaults().withBackoff(Duration.ofSeconds(10), Duration.ofSeconds(5), 2.0));

        assertTrue(e.getMessage().contains("initialBackoff"), e.getMessage());
        assertTrue(e.getMessage().contains("maxBackoff"), e.getMessage());
        assertTrue(e.getMessage().contains("PT10S"), e.getMessage());
        assertTrue(e.getMessage().contains("PT5S"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.99, 0.0, -2.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void multiplierBelowOneOrNotFiniteIsRefused(double multiplier) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RestartConfig.defaults().withBackoff(SECOND, MINUTE, multiplier));

        assertTrue(e.getMessage().contains("multiplier"), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(multiplier)), e.getMessage());
    }

    @Test
    void nullPolicyAndDurationsAreRefused() {
        assertThrows(NullPointerException.class, () -> RestartConfig.defaults().withPolicy(null));
        assertThrows(NullPointerException.class, () -> RestartConfig.defaults().withBackoff(null, MINUTE, 2.0));
        assertThrows(NullPointerException.class, () -> RestartConfig.defaults().withBackoff(SECOND, null, 2.0));
    }

    @Test
    void multiplierOfOneAndZeroBackoffAreAllowed() {
        RestartConfig config = RestartConfig.defaults().withBackoff(Duration.ZERO, Duration.ZERO, 1.0).withJitter(false);

        assertEquals(Duration.ZERO, config.backoff(0));
        assertEquals(Duration.ZERO, config.backoff(30));
    }

    @Test
    void withMethodsChangeOnlyWhatTheyName() {
        RestartConfig base = RestartConfig.defaults();

        assertEquals(new RestartConfig(RestartPolicy.ALWAYS, 5, SECOND, MINUTE, 2.0, true), base.withPolicy(RestartPolicy.ALWAYS));
        assertEquals(new RestartConfig(RestartPolicy.ON_FAILURE, 0, SECOND, MINUTE, 2.0, true), base.withMaxRetries(0));
        assertEquals(new RestartConfig(RestartPolicy.ON_FAILURE, 5, Duration.ofMillis(5), SECOND, 3.0, true),
                base.withBackoff(Duration.ofMillis(5), SECOND, 3.0));
        assertEquals(new RestartConfig(RestartPolicy.ON_FAILURE, 5, SECOND, MINUTE, 2.0, false), base.withJitter(false));
        assertEquals(new RestartConfig(RestartPolicy.ON_FAILURE, 5, SECOND, MINUTE, 2.0, true, Duration.ofMinutes(3)),
                base.withResetAfter(Duration.ofMinutes(3)));
    }

    @Test
    void backoffWithoutJitterDoublesFromInitialAndIsCappedAtMax() {
        RestartConfig config = RestartConfig.defaults().withJitter(false);

        List<Long> seconds = java.util.stream.IntStream.range(0, 10)
                .mapToObj(config::backoff).map(Duration::toSeconds).toList();

        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L, 60L), seconds);
    }

    @Test
    void backoffFollowsTheMultiplier() {
        RestartConfig config = RestartConfig.defaults().withJitter(false)
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), 1.5);

        assertEquals(Duration.ofMillis(100), config.backoff(0));
        assertEquals(Duration.ofMillis(150), config.backoff(1));
        assertEquals(Duration.ofMillis(225), config.backoff(2));
    }

    @Test
    void backoffOfHugeAttemptsStaysAtMaxWithoutOverflow() {
        RestartConfig config = RestartConfig.defaults().withJitter(false)
                .withBackoff(Duration.ofDays(1), Duration.ofDays(36_500), 10.0);

        assertEquals(Duration.ofDays(36_500), config.backoff(Integer.MAX_VALUE));
        assertEquals(Duration.ofDays(36_500), config.backoff(400));
        assertEquals(Duration.ofDays(36_500), config.backoff(5));
    }

    @Test
    void backoffOfNegativeAttemptIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RestartConfig.defaults().backoff(-1));

        assertTrue(e.getMessage().contains("attempt"), e.getMessage());
    }

    @Test
    void jitterStaysWithinAQuarterEitherWayAndNeverAboveMaxOverManySamples() {
        RestartConfig config = RestartConfig.defaults().withJitter(true);
        boolean sawBelow = false;
        boolean sawAbove = false;
        for (int attempt = 0; attempt < 8; attempt++) {
            double plain = Math.min(60_000.0, 1000.0 * Math.pow(2, attempt));
            for (int sample = 0; sample < 2_000; sample++) {
                double millis = config.backoff(attempt).toNanos() / 1e6;
                assertTrue(millis >= plain * 0.75 - 1e-6, "attempt " + attempt + ": " + millis + " below -25 % of " + plain);
                assertTrue(millis <= plain * 1.25 + 1e-6, "attempt " + attempt + ": " + millis + " above +25 % of " + plain);
                assertTrue(millis <= 60_000.0, "attempt " + attempt + ": " + millis + " above the maximum");
                sawBelow |= millis < plain;
                sawAbove |= millis > plain;
            }
        }
        assertTrue(sawBelow, "jitter never shortened a wait");
        assertTrue(sawAbove, "jitter never lengthened a wait");
    }

    @Test
    void jitterAtTheCapNeverExceedsTheMaximum() {
        RestartConfig config = RestartConfig.defaults().withJitter(true)
                .withBackoff(Duration.ofSeconds(10), Duration.ofSeconds(10), 2.0);

        for (int sample = 0; sample < 5_000; sample++) {
            Duration wait = config.backoff(sample % 5);
            assertTrue(wait.compareTo(Duration.ofSeconds(10)) <= 0, wait.toString());
            assertTrue(wait.compareTo(Duration.ofMillis(7_500)) >= 0, wait.toString());
        }
    }

    @ParameterizedTest(name = "{0} failed={1} attempt={2} maxRetries={3} -> {4}")
    @CsvSource({
            "NEVER,      true,  0, 0, false",
            "NEVER,      false, 0, 0, false",
            "NEVER,      true,  0, 5, false",
            "ON_FAILURE, true,  0, 5, true",
            "ON_FAILURE, true,  4, 5, true",
            "ON_FAILURE, true,  5, 5, false",
            "ON_FAILURE, false, 0, 5, false",
            "ON_FAILURE, true,  1000, 0, true",
            "ON_FAILURE, false, 1000, 0, false",
            "ALWAYS,     true,  0, 3, true",
            "ALWAYS,     false, 0, 3, true",
            "ALWAYS,     false, 2, 3, true",
            "ALWAYS,     false, 3, 3, false",
            "ALWAYS,     true,  3, 3, false",
            "ALWAYS,     false, 1000000, 0, true",
            "ALWAYS,     true,  0, 1, true",
            "ALWAYS,     true,  1, 1, false",
    })
    void shouldRestartFollowsThePolicyAndTheRetryLimit(RestartPolicy policy, boolean failed, int attempt,
                                                       int maxRetries, boolean expected) {
        RestartConfig config = RestartConfig.defaults().withPolicy(policy).withMaxRetries(maxRetries);

        assertEquals(expected, config.shouldRestart(failed, attempt));
    }

    @Test
    void zeroRetriesMeansUnlimited() {
        RestartConfig config = RestartConfig.defaults().withPolicy(RestartPolicy.ALWAYS).withMaxRetries(0);

        assertTrue(config.shouldRestart(false, Integer.MAX_VALUE - 1));
        assertFalse(config.withPolicy(RestartPolicy.NEVER).shouldRestart(true, 0));
    }
}
