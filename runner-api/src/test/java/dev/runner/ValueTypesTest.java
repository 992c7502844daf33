package dev.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small value types of the API: health reports and the runner's exceptions. */
class ValueTypesTest {

    @Test
    void healthStatusKeepsTheOrderOfItsServicesAndCannotBeChanged() {
        Map<String, ServiceHealth> services = new LinkedHashMap<>();
        services.put("zeta", new ServiceHealth(true, null, true, ServiceState.RUNNING, 0));
        services.put("alpha", new ServiceHealth(false, "service not running", false, ServiceState.NEW, 0));

        HealthStatus status = new HealthStatus(false, services);
        services.clear();

        assertEquals(List.of("zeta", "alpha"), List.copyOf(status.services().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> status.services().remove("zeta"));
    }

    @Test
    void serviceHealthNeedsAState() {
        assertThrows(NullPointerException.class, () -> new ServiceHealth(true, null, true, null, 0));
    }

    @Test
    void startExceptionNamesTheServiceAndCarriesTheCause() {
        RuntimeException cause = new RuntimeException("boom");

        StartException e = new StartException("service \"db\" failed to start", "db", cause);

        assertEquals("db", e.service());
        assertSame(cause, e.getCause());
        assertNull(new StartException("no services", null, null).service());
    }

    @Test
    void stopExceptionListsEveryFailureAndAttachesThemAsSuppressed() {
        RuntimeException db = new RuntimeException("db hung");
        RuntimeException cache = new RuntimeException("cache refused");
        Map<String, Throwable> failures = new LinkedHashMap<>();
        failures.put("db", db);
        failures.put("cache", cache);

        StopException e = new StopException("2 services did not stop cleanly", failures);
        failures.clear();

        assertEquals(List.of("db", "cache"), List.copyOf(e.failures().keySet()));
        assertArrayEquals(new Throwable[] {db, cache}, e.getSuppressed());
    }
}
