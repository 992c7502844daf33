package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Context;
import dev.runner.Health;
import dev.runner.Option;
import dev.runner.Runner;
import dev.runner.Service;
import dev.runner.ServiceHealth;
import dev.runner.ServiceState;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, Bounds that hold against hostile services: a service's name is read once, at
 * {@code add}; a name that changes or throws later changes nothing.
 */
class ServiceNameReadOnceTest extends RunnerFixture {

    /** A service that answers {@code name()} with its first name once, then with whatever {@code later} does. */
    private static Service namedOnceThen(TestService service, Supplier<String> later) {
        AtomicBoolean first = new AtomicBoolean(true);
        return new Service() {
            @Override
            public String name() {
                return first.getAndSet(false) ? service.name() : later.get();
            }

            @Override
            public void start(Context context) throws Exception {
                service.start(context);
            }

            @Override
            public void stop(Context context) throws Exception {
                service.stop(context);
            }

            @Override
            public Health health() {
                return service.health();
            }
        };
    }

    /** Runs the renamed service "a", and "b" that depends on it, through a start and a stop. */
    private void assertRunAndReportedAsA(String runnerName, Supplier<String> later) {
        Runner runner = runners.create(runnerName);
        TestService a = service("a");
        TestService b = service("b");
        runner.add(namedOnceThen(a, later));
        runner.add(b, Option.dependsOn("a"));

        runner.start();

        ServiceHealth health = runner.healthStatus().services().get("a");
        assertEquals(List.of("a", "b"), List.copyOf(runner.healthStatus().services().keySet()));
        assertEquals(ServiceState.RUNNING, health.state(), "a: " + health);
        assertTrue(health.running(), "a: " + health);
        assertEquals(ServiceState.RUNNING, runner.status().services().get("a").state());
        runner.stop();
        assertEquals(1, a.stops());
        assertEquals(1, b.stops());
        assertEquals(ServiceState.STOPPED, runner.healthStatus().services().get("a").state());
        // No thread of the runner's own is left, the timer's included.
        Eventually.until(() -> LiveThreads.containing(runnerName + "/").isEmpty(),
                () -> "threads left: " + LiveThreads.containing(runnerName + "/"));
    }

    @Test
    void serviceWhoseNameChangesAfterAddRunsAndIsReportedUnderItsFirstName() {
        assertRunAndReportedAsA("name-changes", () -> "renamed");
    }

    @Test
    void serviceWhoseNameThrowsAfterAddRunsAndIsReportedUnderItsFirstName() {
        assertRunAndReportedAsA("name-throws", () -> {
            throw new IllegalStateException("name read again");
        });
    }
}
