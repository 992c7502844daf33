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
