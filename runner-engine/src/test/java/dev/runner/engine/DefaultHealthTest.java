package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Context;
import dev.runner.Option;
import dev.runner.Runner;
import dev.runner.Service;
import dev.runner.ServiceHealth;
import dev.runner.ServiceState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A service that keeps {@link Service}'s default {@code health()} and has no probes is always up,
 * so the engine skips its checks: it must still be ready at once, reported healthy, and supervised
 * through its exits.
 */
class DefaultHealthTest extends RunnerFixture {

    /** Keeps the default health(); records its start contexts and its stops. */
    private record Plain(String name, List<Context> starts, List<String> stops) implements Service {
        Plain(String name) {
            this(name, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        }

        @Override
        public void start(Context context) {
            starts.add(context);
        }

        @Override
        public void stop(Context context) {
            stops.add(name);
        }
    }

    @Test
    void serviceWithDefaultHealthIsReadyForItsDependentsAndReportedHealthy() {
        Runner runner = runners.create("default-health");
        Plain db = new Plain("db");
        Plain api = new Plain("api");
        runner.add(db, Option.healthCheck(Duration.ofMillis(10), Duration.ofMillis(10)));
        runner.add(api, Option.dependsOn("db"));

        runner.start(Duration.ofSeconds(30));

        assertEquals(1, api.starts().size(), "api started once db was ready");
        ServiceHealth health = runner.healthStatus().services().get("db");
        assertTrue(health.healthy());
        assertTrue(health.running());
        assertNull(health.error());
        assertEquals(ServiceState.RUNNING, health.state());
        runner.stop();
        assertEquals(List.of("db"), db.stops());
    }

    @Test
    void serviceWithDefaultHealthIsStillRestartedWhenItExits() {
        Runner runner = runners.create("default-health-exit");
        Plain worker = new Plain("worker");
        runner.add(worker, Option.backoff(Duration.ZERO, Duration.ZERO, 1.0));
        runner.start(Duration.ofSeconds(30));

        worker.starts().get(0).exited(new IllegalStateException("crashed"));

        Eventually.until(() -> worker.starts().size() == 2, () -> "starts: " + worker.starts().size());
        assertEquals(List.of("worker"), worker.stops(), "the old instance was stopped before the restart");
        Eventually.until(() -> runner.healthStatus().services().get("worker").restarts() == 1, () -> "no restart");
    }
}
