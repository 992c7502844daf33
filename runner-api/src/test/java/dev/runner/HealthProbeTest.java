package dev.runner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Resolving a probe by URI when no plugin handles its scheme. */
class HealthProbeTest {

    @Test
    void unknownSchemeIsRefusedNamingTheSchemeAndTheInstalledOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HealthProbe.of("nosuchscheme://db.example:5432/app"));

        assertTrue(e.getMessage().contains("scheme \"nosuchscheme\""), e.getMessage());
        assertTrue(e.getMessage().contains("installed schemes"), e.getMessage());
    }

    @Test
    void schemeIsMatchedInLowerCase() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HealthProbe.of("NoSuchScheme://host/"));

        assertTrue(e.getMessage().contains("\"nosuchscheme\""), e.getMessage());
    }

    @Test
    void uriWithoutSchemeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HealthProbe.of("localhost"));

        assertTrue(e.getMessage().contains("no scheme"), e.getMessage());
    }

    @Test
    void aHostWrittenWithoutSchemeGetsAnHttpSuggestion() {
        IllegalArgumentException hostAndPort = assertThrows(IllegalArgumentException.class,
                () -> HealthProbe.of("localhost:8080/health"));
        IllegalArgumentException address = assertThrows(IllegalArgumentException.class,
                () -> HealthProbe.of("127.0.0.1:8080/health"));
        IllegalArgumentException hostAlone = assertThrows(IllegalArgumentException.class,
                () -> HealthProbe.of("localhost"));

        assertTrue(hostAndPort.getMessage().startsWith("no health probe plugin for scheme \"localhost\""),
                hostAndPort.getMessage());
        assertTrue(hostAndPort.getMessage().contains("did you mean http://localhost:8080/health?"),
                hostAndPort.getMessage());
        assertTrue(address.getMessage().contains("did you mean http://127.0.0.1:8080/health?"), address.getMessage());
        assertTrue(hostAlone.getMessage().contains("did you mean http://localhost?"), hostAlone.getMessage());
    }

    @Test
    void aRealUnknownSchemeGetsNoHttpSuggestion() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HealthProbe.of("redis://cache:6379"));

        assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
        assertTrue(e.getMessage().contains("add the plugin's jar"), e.getMessage());
    }

    @Test
    void theHttpSuggestionNeverShowsThePassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HealthProbe.of("admin:hunter2@localhost:8080/health"));

        assertTrue(e.getMessage().contains("did you mean http://admin:***@localhost:8080/health?"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void errorsNeverShowThePassword() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> HealthProbe.of("nosuchscheme://admin:hunter2@db.example/app"));
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> HealthProbe.of("nosuchscheme://admin:hunter2@db example/app?x=^"));

        assertFalse(unknown.getMessage().contains("hunter2"), unknown.getMessage());
        assertFalse(malformed.getMessage().contains("hunter2"), malformed.getMessage());
    }

    @Test
    void nullUriIsRefused() {
        assertThrows(NullPointerException.class, () -> HealthProbe.of(null));
    }
}
