package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Context;
import dev.runner.Health;
import dev.runner.HealthProbe;
import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import dev.runner.Service;
import dev.runner.ServiceHealth;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * One health check: the service's own {@code health()} first, then each probe in the order added,
 * stopping at the first that is down, and each answer that is not a health (null, a throw) read as
 * down with a detail that says which part failed and how.
 */
class HealthCheckOrderTest extends RunnerFixture {

    private static final Option NEVER = Option.restartPolicy(RestartPolicy.NEVER);

    /** Whether the checks are live yet: until then every part answers up, so the service starts. */
    private final AtomicBoolean live = new AtomicBoolean();
    /** The probes checked, by name, in order, once {@link #live}. */
    private final List<String> checked = new CopyOnWriteArrayList<>();
    /** The time left each probe was given, once {@link #live}. */
    private final List<Duration> given = new CopyOnWriteArrayList<>();

    /** A probe named {@code name} that answers {@code answer} once the checks are live. */
    private HealthProbe probe(String name, Health answer) {
        return new HealthProbe() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Health check(Duration timeout) {
                if (!live.get()) {
                    return Health.up();
                }
                checked.add(name);
                given.add(timeout);
                return answer;
            }
        };
    }

    private ServiceHealth healthOf(Runner runner, String service) {
        // The first check after start runs on a thread of its own and may not have begun when
        // start returns: let it end before the checks go live, so the one counted is ours.
        Eventually.until(() -> runner.status().services().get(service).lastCheck() != null,
                () -> "no first check of " + service + ": " + runner.status());
        live.set(true);
        return runner.healthStatus().services().get(service);
    }

    @Test
    void probesRunInTheOrderAddedAndTheFirstDownOneEndsTheCheck() {
        Runner runner = runners.create("probe-order");
        runner.add(service("db"), NEVER, Option.probe(probe("first", Health.up())),
                Option.probe(probe("second", Health.down("disk full"))), Option.probe(probe("third", Health.up())));
        runner.start();

        ServiceHealth health = healthOf(runner, "db");

        assertFalse(health.healthy());
        assertEquals("probe second: disk full", health.error());
        assertEquals(List.of("first", "second"), checked);
    }

    @Test
    void aServiceDownByItsOwnHealthIsNotProbed() {
        Runner runner = runners.create("own-first");
        AtomicReference<Health> own = new AtomicReference<>(Health.up());
        runner.add(service("db").health(instance -> own.get()), NEVER, Option.probe(probe("remote", Health.up())));
        runner.start();
        own.set(Health.down("out of memory"));

        ServiceHealth health = healthOf(runner, "db");

        assertEquals("out of memory", health.error());
        assertEquals(List.of(), checked);
    }

    @Test
    void everyProbeUpKeepsTheServicesOwnHealth() {
        Runner runner = runners.create("all-up");
        runner.add(service("db"), NEVER, Option.probe(probe("a", Health.up())), Option.probe(probe("b", Health.up())));
        runner.start();

        ServiceHealth health = healthOf(runner, "db");

        assertTrue(health.healthy(), health.error());
        assertEquals(List.of("a", "b"), checked);
    }

    @Test
    void aProbeIsGivenWhatIsLeftOfTheHealthTimeout() {
        Runner runner = runners.create("time-left");
        Duration timeout = Duration.ofSeconds(20);
        runner.add(service("db"), NEVER, Option.healthCheck(Duration.ofMinutes(1), timeout),
                Option.probe(probe("a", Health.up())), Option.probe(probe("b", Health.up())));
        runner.start();

        healthOf(runner, "db");

        assertEquals(2, given.size(), "given: " + given);
        for (Duration left : given) {
            assertTrue(left.compareTo(timeout) <= 0 && left.compareTo(timeout.minusSeconds(10)) > 0, "given " + left);
        }
        assertTrue(given.get(1).compareTo(given.get(0)) <= 0, "the second probe got more than the first: " + given);
    }

    @Test
    void aProbeThatAnswersNullIsDownSayingSo() {
        Runner runner = runners.create("probe-null");
        runner.add(service("db"), NEVER, Option.probe(probe("silent", null)));
        runner.start();

        assertEquals("probe silent: returned null", healthOf(runner, "db").error());
    }

    @Test
    void aServiceWhoseHealthAnswersNullIsDownSayingSo() {
        Runner runner = runners.create("own-null");
        runner.add(new SilentService(live), NEVER);
        runner.start();

        assertEquals("health() returned null", healthOf(runner, "silent").error());
    }

    @Test
    void aProbeWhoseNameThrowsIsNamedByItsClass() {
        Runner runner = runners.create("probe-nameless");
        HealthProbe nameless = new NamelessProbe(live);
        runner.add(service("db"), NEVER, Option.probe(nameless));
        runner.start();

        assertEquals("probe " + NamelessProbe.class.getName() + ": unreachable", healthOf(runner, "db").error());
    }

    @Test
    void aProbeThatThrowsIsDownWithItsMessage() {
        Runner runner = runners.create("probe-throws");
        HealthProbe throwing = new HealthProbe() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public Health check(Duration timeout) {
                if (live.get()) {
                    throw new IllegalStateException("socket closed");
                }
                return Health.up();
            }
        };
        runner.add(service("db"), NEVER, Option.probe(throwing));
        runner.start();

        assertEquals("probe flaky: socket closed", healthOf(runner, "db").error());
    }

    /** A service whose {@code health()} answers null once the checks are live. */
    private record SilentService(AtomicBoolean live) implements Service {
        @Override
        public String name() {
            return "silent";
        }

        @Override
        public void start(Context context) {
        }

        @Override
        public void stop(Context context) {
        }

        @Override
        public Health health() {
            return live.get() ? null : Health.up();
        }
    }

    /** A probe whose {@code name()} throws, and which is down once the checks are live. */
    private record NamelessProbe(AtomicBoolean live) implements HealthProbe {
        @Override
        public String name() {
            throw new UnsupportedOperationException("no name");
        }

        @Override
        public Health check(Duration timeout) {
            return live.get() ? Health.down("unreachable") : Health.up();
        }
    }
}
