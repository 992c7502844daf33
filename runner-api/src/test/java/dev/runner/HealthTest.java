package dev.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The health value: up, down with a detail, down from an exception. */
class HealthTest {

    @Test
    void upIsHealthyWithDetailUp() {
        assertTrue(Health.up().healthy());
        assertEquals("up", Health.up().detail());
    }

    @Test
    void downCarriesItsDetail() {
        Health health = Health.down("disk full");

        assertFalse(health.healthy());
        assertEquals("disk full", health.detail());
    }

    @Test
    void downFromAnExceptionUsesItsMessage() {
        Health health = Health.down(new IOException("connection refused"));

        assertFalse(health.healthy());
        assertEquals("connection refused", health.detail());
    }

    @Test
    void downFromAnExceptionWithoutMessageUsesItsClassName() {
        assertEquals("java.io.IOException", Health.down(new IOException()).detail());
        assertEquals("java.lang.IllegalStateException", Health.down(new IllegalStateException("  ")).detail());
    }

    @Test
    void nullDetailOrCauseIsRefused() {
        assertThrows(NullPointerException.class, () -> Health.down((String) null));
        assertThrows(NullPointerException.class, () -> Health.down((Throwable) null));
        assertThrows(NullPointerException.class, () -> new Health(true, null));
    }
}
