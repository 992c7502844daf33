package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Health;
import dev.runner.HealthProbe;
import dev.runner.HealthStatus;
import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import dev.runner.ServiceHealth;
import dev.runner.ServiceState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, Health: every added service is reported, checked live and concurrently, each check
 * bounded, so a hung check never hangs the caller.
 */
class HealthTest extends RunnerFixture {

    private static final Option NEVER = Option.restartPolicy(RestartPolicy.NEVER);

    private final CountDownLatch release = new CountDownLatch(1);

    /** Runs before the fixture stops the runners (a subclass's @AfterEach comes first). */
    @AfterEach
    void releaseHungCalls() {
        release.countDown();
    }

    @Test
    void hungHealthCheckTimesOutWithoutHangingTheCaller() {
        Runner runner = runners.create("hung-health");
        AtomicInteger calls = new AtomicInteger();
        TestService stuck = service("stuck").health(instance -> {
            if (calls.incrementAndGet() > 1) { // the check right after start passes; later ones hang
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Health.up();
        });
        runner.add(stuck, NEVER, Option.healthCheck(Duration.ofHours(1), Duration.ofMillis(200)));
        runner.add(service("fine"));
        runner.start();
        eventually(() -> runner.status().services().get("stuck").lastCheck() != null);

        // On a slow machine the first check may still be running past its timeout: healthStatus()
        // then joins it and sees it pass. Any later call begins a check of its own, which hangs.
        HealthStatus[] seen = new HealthStatus[1];
        eventually(() -> {
            seen[0] = assertTimeoutPreemptively(BOUND, runner::healthStatus);
            return !seen[0].services().get("stuck").healthy();
        });
        HealthStatus status = seen[0];

        ServiceHealth health = status.services().get("stuck");
        assertFalse(health.healthy());
        assertTrue(health.error().contains("timed out"), health.error());
        assertTrue(status.services().get("fine").healthy());
        assertFalse(status.healthy());
        Health aggregate = assertTimeoutPreemptively(BOUND, runner::health);
        assertFalse(aggregate.healthy());
        assertTrue(aggregate.detail().contains("stuck: "), aggregate.detail());
        assertTrue(aggregate.detail().contains("timed out"), aggregate.detail());
    }

    @Test
    void stopInterruptsTheHealthCheckInFlight() throws InterruptedException {
        Runner runner = runners.create("stop-interrupts-check");
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch hung = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        TestService slow = service("slow").health(instance -> {
            if (calls.incrementAndGet() > 1) { // the check right after start passes; the next hangs
                hung.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            }
            return Health.up();
        });
        // The check's own timeout is an hour away: only the stop can interrupt it.
        runner.add(slow, NEVER, Option.healthCheck(Duration.ofMillis(20), Duration.ofHours(1)));
        runner.start();
        assertTrue(hung.await(BOUND.toSeconds(), TimeUnit.SECONDS), "the second check never began");

        runner.stop();

        assertTrue(interrupted.await(BOUND.toSeconds(), TimeUnit.SECONDS), "the check in flight was not interrupted");
    }

    @Test
    void healthCheckThatIgnoresInterruptionStillDoesNotHangTheCaller() {
        Runner runner = runners.create("deaf-health");
        AtomicBoolean hang = new AtomicBoolean();
        TestService deaf = service("deaf").health(instance -> {
            while (hang.get() && release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // Deliberately deaf to interruption until the test ends.
                }
            }
            return Health.up();
        });
        runner.add(deaf, NEVER, Option.healthCheck(Duration.ofHours(1), Duration.ofMillis(200)));
        runner.start();
        eventually(() -> runner.status().services().get("deaf").lastCheck() != null); // as above
        hang.set(true);

        HealthStatus status = assertTimeoutPreemptively(BOUND, runner::healthStatus);

        assertFalse(status.services().get("deaf").healthy());
        assertTrue(status.services().get("deaf").error().contains("timed out"), status.services().get("deaf").error());
    }

    @Test
    void healthChecksRunConcurrently() {
        Runner runner = runners.create("concurrent-checks");
        int count = 10;
        AtomicBoolean meet = new AtomicBoolean();
        CyclicBarrier allInside = new CyclicBarrier(count);
        List<TestService> services = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TestService s = service("s" + i).health(instance -> {
                if (!meet.get()) {
                    return Health.up();
                }
                try {
                    // Opens only when all ten checks are inside at once; checked one after
                    // another, the first would give up here and report itself down.
                    allInside.await(20, TimeUnit.SECONDS);
                    return Health.up();
                } catch (Exception e) {
                    return Health.down(e);
                }
            });
            services.add(s);
            runner.add(s, NEVER, Option.healthCheck(Duration.ofHours(1), Duration.ofSeconds(60)));
        }
        runner.start();
        // Let the check right after each start pass first, so only healthStatus's checks meet.
        eventually(() -> services.stream().allMatch(s -> s.healthCalls() >= 1));
        meet.set(true);

        HealthStatus status = assertTimeoutPreemptively(BOUND.plus(BOUND), runner::healthStatus);

        status.services().forEach((name, h) -> assertTrue(h.healthy(), name + ": " + h.error()));
    }

    @Test
    void serviceNotRunningIsUnhealthyWithServiceNotRunning() {
        Runner runner = runners.create("not-running");
        runner.add(service("db"));
        runner.add(service("api"), Option.dependsOn("db"));

        HealthStatus before = runner.healthStatus();

        assertEquals(List.of("db", "api"), List.copyOf(before.services().keySet()));
        for (ServiceHealth health : before.services().values()) {
            assertEquals(new ServiceHealth(false, "service not running", false, ServiceState.NEW, 0), health);
        }
        assertFalse(before.healthy());
        assertFalse(runner.health().healthy());

        runner.start();
        runner.stop();

        for (ServiceHealth health : runner.healthStatus().services().values()) {
            assertEquals(new ServiceHealth(false, "service not running", false, ServiceState.STOPPED, 0), health);
        }
    }

    @Test
    void runnerHealthListsTheUnhealthyServicesWithTheirErrors() {
        Runner runner = runners.create("detail");
        runner.add(service("a").health(Health.down("disk full")), NEVER);
        runner.add(service("ok"));
        runner.add(service("b").health(Health.down("no connection")), NEVER);
        runner.start();

        Health health = runner.health();

        assertFalse(health.healthy());
        assertEquals("unhealthy services: a: disk full, b: no connection", health.detail());
        HealthStatus status = runner.healthStatus();
        assertEquals("disk full", status.services().get("a").error());
        assertNull(status.services().get("ok").error());
        assertTrue(status.services().get("ok").healthy());
    }

    @Test
    void healthyRunnerIsUp() {
        Runner runner = runners.create("healthy");
        runner.add(service("a"));
        runner.add(service("b"), Option.dependsOn("a"));
        runner.start();

        assertTrue(runner.health().healthy());
        HealthStatus status = runner.healthStatus();
        assertTrue(status.healthy());
        for (ServiceHealth health : status.services().values()) {
            assertEquals(new ServiceHealth(true, null, true, ServiceState.RUNNING, 0), health);
        }
    }

    @Test
    void healthCheckThatThrowsIsUnhealthyWithItsMessage() {
        Runner runner = runners.create("throws");
        AtomicBoolean broken = new AtomicBoolean();
        runner.add(service("a").health(instance -> {
            if (broken.get()) {
                throw new IllegalStateException("probe exploded");
            }
            return Health.up();
        }), NEVER);
        runner.start();
        broken.set(true);

        ServiceHealth health = runner.healthStatus().services().get("a");

        assertFalse(health.healthy());
        assertTrue(health.error().contains("probe exploded"), health.error());
    }

    @Test
    void failingProbeMakesTheServiceUnhealthy() {
        Runner runner = runners.create("probe");
        AtomicBoolean reachable = new AtomicBoolean(true);
        HealthProbe probe = new HealthProbe() {
            @Override
            public String name() {
                return "postgres";
            }

            @Override
            public Health check(Duration timeout) {
                return reachable.get() ? Health.up() : Health.down("connection refused");
            }
        };
        runner.add(service("db"), Option.probe(probe), NEVER);
        runner.start();
        reachable.set(false);

        ServiceHealth health = runner.healthStatus().services().get("db");

        assertFalse(health.healthy());
        assertTrue(health.error().contains("connection refused"), health.error());
        reachable.set(true);
        eventually(() -> runner.healthStatus().services().get("db").healthy());
    }

    @Test
    void healthFromManyThreadsWhileStoppingNeitherThrowsNorHangs() throws InterruptedException {
        Runner runner = runners.create("hammer");
        List<TestService> services = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            TestService s = service("s" + i).onStop((context, instance) -> Thread.sleep(5));
            services.add(s);
            runner.add(s, i < 3 ? new Option[0] : new Option[] {Option.dependsOn("s" + (i % 3), "s" + (i - 1))});
        }
        runner.start();
        AtomicBoolean stopping = new AtomicBoolean(true);
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch hammering = new CountDownLatch(16);
        List<BackgroundCall> hammers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int which = t;
            hammers.add(BackgroundCall.start("hammer-" + t, () -> {
                hammering.countDown();
                while (stopping.get()) {
                    try {
                        if (which % 2 == 0) {
                            runner.health();
                        } else {
                            runner.healthStatus();
                        }
                        runner.isRunning();
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }
            }));
        }
        hammering.await();

        BackgroundCall stop1 = BackgroundCall.start("stop-1", runner::stop);
        BackgroundCall stop2 = BackgroundCall.start("stop-2", runner::stop);
        stop1.awaitSuccess(BOUND);
        stop2.awaitSuccess(BOUND);
        stopping.set(false);

        hammers.forEach(h -> h.awaitSuccess(BOUND));
        assertEquals(List.of(), List.copyOf(errors));
        for (TestService s : services) {
            assertEquals(1, s.stops(), s.name());
            assertEquals(List.of(), s.violations(), s.name());
        }
        assertFalse(runner.isRunning());
    }
}
