package dev.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A service's configuration: defaults and options applied in order. */
class ServiceConfigTest {

    private static HealthProbe probe(String name) {
        return new HealthProbe() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Health check(Duration timeout) {
                return Health.up();
            }
        };
    }

    @Test
    void defaultsAreTheContractsDefaults() {
        ServiceConfig defaults = ServiceConfig.of();

        assertEquals(List.of(), defaults.dependsOn());
        assertEquals(Duration.ZERO, defaults.startDelay());
        assertEquals(RestartConfig.defaults(), defaults.restart());
        assertEquals(Duration.ofSeconds(90), defaults.startTimeout());
        assertEquals(Duration.ofSeconds(30), defaults.stopTimeout());
        assertEquals(Duration.ofSeconds(1), defaults.healthInterval());
        assertEquals(Duration.ofSeconds(1), defaults.healthTimeout());
        assertEquals(Duration.ZERO, defaults.startupGrace());
        assertEquals(List.of(), defaults.probes());
        assertEquals(ServiceConfig.defaults(), defaults);
    }

    @Test
    void laterOptionsOverrideEarlierOnes() {
        ServiceConfig config = ServiceConfig.of(
                Option.startDelay(Duration.ofSeconds(1)),
                Option.startTimeout(Duration.ofSeconds(5)),
                Option.stopTimeout(Duration.ofSeconds(6)),
                Option.healthCheck(Duration.ofSeconds(7), Duration.ofSeconds(8)),
                Option.startupGrace(Duration.ofSeconds(9)),
                Option.startDelay(Duration.ofSeconds(2)),
                Option.startTimeout(Duration.ofSeconds(15)),
                Option.stopTimeout(Duration.ofSeconds(16)),
                Option.healthCheck(Duration.ofSeconds(17), Duration.ofSeconds(18)),
                Option.startupGrace(Duration.ofSeconds(19)));

        assertEquals(Duration.ofSeconds(2), config.startDelay());
        assertEquals(Duration.ofSeconds(15), config.startTimeout());
        assertEquals(Duration.ofSeconds(16), config.stopTimeout());
        assertEquals(Duration.ofSeconds(17), config.healthInterval());
        assertEquals(Duration.ofSeconds(18), config.healthTimeout());
        assertEquals(Duration.ofSeconds(19), config.startupGrace());
    }

    @Test
    void restartOptionsApplyInOrderEachChangingOnlyItsPart() {
        RestartConfig whole = new RestartConfig(RestartPolicy.NEVER, 9, Duration.ofMillis(10),
                Duration.ofMillis(100), 3.0, false);

        ServiceConfig config = ServiceConfig.of(
                Option.restartPolicy(RestartPolicy.ALWAYS),
                Option.restartConfig(whole),
                Option.maxRetries(2),
                Option.backoff(Duration.ofMillis(1), Duration.ofMillis(50), 1.5));

        assertEquals(new RestartConfig(RestartPolicy.NEVER, 2, Duration.ofMillis(1), Duration.ofMillis(50), 1.5, false),
                config.restart());
    }

    @Test
    void wholeRestartConfigOverridesEarlierParts() {
        RestartConfig whole = RestartConfig.defaults().withPolicy(RestartPolicy.NEVER);

        ServiceConfig config = ServiceConfig.of(Option.restartPolicy(RestartPolicy.ALWAYS), Option.maxRetries(1),
                Option.restartConfig(whole));

        assertEquals(whole, config.restart());
    }

    @Test
    void dependsOnAccumulatesInOrderWithoutRepeats() {
        ServiceConfig config = ServiceConfig.of(Option.dependsOn("db", "cache"), Option.dependsOn("queue", "db"));

        assertEquals(List.of("db", "cache", "queue"), config.dependsOn());
    }

    @Test
    void probesAccumulateInOrder() {
        HealthProbe first = probe("first");
        HealthProbe second = probe("second");

        ServiceConfig config = ServiceConfig.of(Option.probe(first), Option.probe(second));

        assertEquals(List.of(first, second), config.probes());
    }

    @Test
    void theFailureThresholdIsOneWithoutProbesAndThreeWithProbesUnlessAnOptionSetsIt() {
        assertEquals(1, ServiceConfig.of().failureThreshold());
        assertEquals(3, ServiceConfig.of(Option.probe(probe("p"))).failureThreshold());
        assertEquals(5, ServiceConfig.of(Option.failureThreshold(5)).failureThreshold());
        assertEquals(2, ServiceConfig.of(Option.probe(probe("p")), Option.failureThreshold(2)).failureThreshold());
        assertEquals(2, ServiceConfig.of(Option.failureThreshold(2), Option.probe(probe("p"))).failureThreshold());
    }

    @Test
    void theVersionTwoOptionsSetWhatTheyName() {
        ServiceConfig config = ServiceConfig.of(Option.bindsTo("db"), Option.critical(), Option.readiness(false));

        assertEquals(List.of("db"), config.bindsTo());
        assertEquals(List.of("db"), config.dependsOn(), "bindsTo implies dependsOn");
        assertTrue(config.critical());
        assertFalse(config.readiness());
    }

    @Test
    void nullOptionIsRefusedNamingItsPosition() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> ServiceConfig.of(Option.maxRetries(1), null));

        assertTrue(e.getMessage().contains("option 1"), e.getMessage());
        assertThrows(NullPointerException.class, () -> ServiceConfig.of((Option[]) null));
        assertThrows(NullPointerException.class, () -> ServiceConfig.defaults().with(null));
    }

    @Test
    void listsAreUnmodifiable() {
        ServiceConfig config = ServiceConfig.of(Option.dependsOn("db"), Option.probe(probe("p")));

        assertThrows(UnsupportedOperationException.class, () -> config.dependsOn().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> config.probes().clear());
    }
}
