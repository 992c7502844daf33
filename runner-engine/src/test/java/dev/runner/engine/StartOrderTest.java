package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Health;
import dev.runner.HealthProbe;
import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import dev.runner.ServiceHealth;
import dev.runner.ServiceState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, Start: services start in dependency order, each once its dependencies are ready
 * (started and healthy), independent ones at the same time, after their start delay.
 */
class StartOrderTest extends RunnerFixture {

    /** Asserts that {@code dependent} began its first start only after {@code dependency}'s start returned and its health was checked up. */
    private void assertStartedAfterReady(String dependent, String dependency) {
        Event ready = log.get(dependency, 1, Event.Kind.STARTED);
        Event begin = log.get(dependent, 1, Event.Kind.START_BEGIN);
        log.assertBefore(ready, begin);
        boolean checkedUp = log.of(dependency, Event.Kind.HEALTH).stream()
                .anyMatch(h -> h.seq() > ready.seq() && h.seq() < begin.seq() && h.detail().equals("up"));
        assertTrue(checkedUp, dependency + "'s health must be checked up between its start and " + dependent
                + "'s start; log:\n" + log.dump());
    }

    /** Makes a start wait on a barrier that opens only when {@code parties} starts are inside at once. */
    private static TestService.Action meetAt(CyclicBarrier barrier) {
        return (context, instance) -> barrier.await(30, TimeUnit.SECONDS);
    }

    @Test
    void diamondStartsEachServiceOnlyAfterItsDependenciesAreReadyAndSiblingsTogether() {
        Runner runner = runners.create("diamond");
        CyclicBarrier siblings = new CyclicBarrier(2);
        runner.add(service("api"), Option.dependsOn("cache", "search"));
        runner.add(service("cache").onStart(meetAt(siblings)), Option.dependsOn("db"));
        runner.add(service("search").onStart(meetAt(siblings)), Option.dependsOn("db"));
        runner.add(service("db"));

        runner.start();

        assertStartedAfterReady("cache", "db");
        assertStartedAfterReady("search", "db");
        assertStartedAfterReady("api", "cache");
        assertStartedAfterReady("api", "search");
        assertEquals(4, log.of(Event.Kind.STARTED).size());
        assertTrue(runner.isRunning());
    }

    @Test
    void chainStartsOneAfterAnother() {
        Runner runner = runners.create("chain");
        List<String> names = List.of("e", "d", "c", "b", "a");
        for (int i = 0; i < names.size(); i++) {
            Option[] options = i + 1 < names.size() ? new Option[] {Option.dependsOn(names.get(i + 1))} : new Option[0];
            runner.add(service(names.get(i)), options);
        }

        runner.start();

        assertEquals(List.of("a", "b", "c", "d", "e"), log.order(Event.Kind.START_BEGIN));
        assertStartedAfterReady("b", "a");
        assertStartedAfterReady("c", "b");
        assertStartedAfterReady("d", "c");
        assertStartedAfterReady("e", "d");
    }

    @Test
    void independentServicesStartConcurrently() {
        Runner runner = runners.create("parallel");
        int count = 8;
        CyclicBarrier allInside = new CyclicBarrier(count);
        List<TestService> services = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TestService s = service("s" + i).onStart(meetAt(allInside));
            services.add(s);
            runner.add(s);
        }

        // The barrier opens only when all eight starts are running at the same time; started one
        // after another, the first would time out and the start would fail.
        runner.start();

        services.forEach(s -> assertEquals(1, s.startsReturned()));
    }

    @Test
    void eachServiceStartsOnAVirtualThreadOfItsOwn() {
        Runner runner = runners.create("threads");
        CyclicBarrier together = new CyclicBarrier(2);
        AtomicReference<Thread> first = new AtomicReference<>();
        AtomicReference<Thread> second = new AtomicReference<>();
        runner.add(service("one").onStart((context, instance) -> {
            first.set(Thread.currentThread());
            together.await(30, TimeUnit.SECONDS);
        }));
        runner.add(service("two").onStart((context, instance) -> {
            second.set(Thread.currentThread());
            together.await(30, TimeUnit.SECONDS);
        }));

        runner.start();

        assertTrue(first.get().isVirtual(), first.get() + " is not virtual");
        assertTrue(second.get().isVirtual(), second.get() + " is not virtual");
        assertNotEquals(first.get(), second.get());
        assertNotEquals(Thread.currentThread(), first.get());
    }

    @Test
    void dependentWaitsUntilItsDependencyBecomesHealthy() {
        Runner runner = runners.create("grace");
        AtomicBoolean dbHealthy = new AtomicBoolean(false);
        TestService db = service("db").health(i -> dbHealthy.get() ? Health.up() : Health.down("warming up"));
        TestService api = service("api");
        runner.add(db, Option.startupGrace(Duration.ofMinutes(10)),
                Option.healthCheck(Duration.ofMillis(20), Duration.ofSeconds(1)));
        runner.add(api, Option.dependsOn("db"));

        BackgroundCall start = BackgroundCall.start("start", runner::start);
        // Several "down" answers after db's start returned: the runner has looked and must wait.
        eventually(() -> log.of("db", Event.Kind.HEALTH).stream()
                .filter(h -> h.detail().startsWith("down") && h.instance() == 1).count() >= 5);

        assertEquals(0, api.starts(), "api must not start while db is down; log:\n" + log.dump());
        assertFalse(start.isDone());
        assertEquals(ServiceState.WAITING, runner.healthStatus().services().get("api").state());
        assertEquals(ServiceState.RUNNING, runner.healthStatus().services().get("db").state());

        Event flip = log.mark("db becomes healthy");
        dbHealthy.set(true);

        start.awaitSuccess(BOUND);
        log.assertBefore(flip, log.get("api", 1, Event.Kind.START_BEGIN));
        assertEquals(1, db.starts());
        assertEquals(0, db.stops(), "a dependency that was only not ready yet is not restarted");
    }

    @Test
    void dependentWaitsUntilItsDependencysProbesAreUp() {
        Runner runner = runners.create("probe");
        AtomicBoolean reachable = new AtomicBoolean(false);
        HealthProbe probe = new HealthProbe() {
            @Override
            public String name() {
                return "fake-db";
            }

            @Override
            public Health check(Duration timeout) {
                return reachable.get() ? Health.up() : Health.down("db unreachable");
            }
        };
        TestService api = service("api");
        runner.add(service("db"), Option.probe(probe), Option.startupGrace(Duration.ofMinutes(10)),
                Option.healthCheck(Duration.ofMillis(20), Duration.ofSeconds(1)));
        runner.add(api, Option.dependsOn("db"));

        BackgroundCall start = BackgroundCall.start("start", runner::start);
        eventually(() -> log.of("db", Event.Kind.HEALTH).size() >= 5);

        assertEquals(0, api.starts(), "api must not start while db's probe is down");
        Event flip = log.mark("probe up");
        reachable.set(true);

        start.awaitSuccess(BOUND);
        log.assertBefore(flip, log.get("api", 1, Event.Kind.START_BEGIN));
    }

    @Test
    void startDelayPassesBeforeStartIsCalled() {
        Runner runner = runners.create("delay");
        Duration delay = Duration.ofMillis(300);
        runner.add(service("db"), Option.startDelay(delay));
        runner.add(service("api"), Option.dependsOn("db"), Option.startDelay(delay));
        long before = System.nanoTime();

        runner.start();

        // Lower bounds only: a busy machine can make them longer, never shorter.
        Event dbBegin = log.get("db", 1, Event.Kind.START_BEGIN);
        Event dbReady = log.get("db", 1, Event.Kind.STARTED);
        Event apiBegin = log.get("api", 1, Event.Kind.START_BEGIN);
        assertTrue(dbBegin.nanos() - before >= delay.toNanos(), "db started before its delay");
        assertTrue(apiBegin.nanos() - dbReady.nanos() >= delay.toNanos(), "api started before its delay");
    }

    @Test
    void startReturnsOnlyAfterEveryStartReturned() {
        Runner runner = runners.create("returns");
        runner.add(service("a"));
        runner.add(service("b").onStart((context, instance) -> Thread.sleep(50)), Option.dependsOn("a"));
        runner.add(service("c").onStart((context, instance) -> Thread.sleep(100)));

        runner.start();
        Event returned = log.mark("start returned");

        for (String name : List.of("a", "b", "c")) {
            log.assertBefore(log.get(name, 1, Event.Kind.STARTED), returned);
        }
        Map<String, ServiceHealth> services = runner.healthStatus().services();
        services.values().forEach(h -> assertEquals(ServiceState.RUNNING, h.state()));
        services.values().forEach(h -> assertTrue(h.running()));
    }

    @Test
    void serviceNothingDependsOnIsNotHeldToBeingHealthyByStart() {
        Runner runner = runners.create("leaf");
        runner.add(service("db"));
        runner.add(service("slowToWarm").health(Health.down("warming up")), Option.dependsOn("db"),
                Option.startupGrace(Duration.ofMinutes(10)), Option.restartPolicy(RestartPolicy.NEVER),
                Option.healthCheck(Duration.ofMillis(20), Duration.ofSeconds(1)));

        BackgroundCall start = BackgroundCall.start("start", runner::start);

        start.awaitSuccess(BOUND);
        ServiceHealth leaf = runner.healthStatus().services().get("slowToWarm");
        assertFalse(leaf.healthy());
        assertTrue(leaf.error().contains("warming up"), leaf.error());
        assertFalse(runner.healthStatus().healthy());
    }
}
