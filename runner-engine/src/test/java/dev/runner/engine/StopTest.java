package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import dev.runner.ServiceHealth;
import dev.runner.ServiceState;
import dev.runner.StartException;
import dev.runner.StopException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, Stop: reverse dependency order, concurrent wherever allowed, bounded per service,
 * idempotent, safe during start; and a stopped runner can be used again.
 */
class StopTest extends RunnerFixture {

    /** Asserts that {@code dependent}'s stop of {@code instance} returned before {@code dependency}'s stop began. */
    private void assertStoppedBefore(String dependent, String dependency, int instance) {
        log.assertBefore(log.get(dependent, instance, Event.Kind.STOPPED), log.get(dependency, instance, Event.Kind.STOP_BEGIN));
    }

    private static TestService.Action meetAt(CyclicBarrier barrier) {
        return (context, instance) -> barrier.await(10, TimeUnit.SECONDS);
    }

    /** db <- cache, search <- api; cache and search stop together (they meet at a barrier). */
    private Runner diamond(List<TestService> services) {
        Runner runner = runners.create("diamond");
        CyclicBarrier siblings = new CyclicBarrier(2);
        TestService db = service("db");
        TestService cache = service("cache").onStop(meetAt(siblings));
        TestService search = service("search").onStop(meetAt(siblings));
        TestService api = service("api");
        runner.add(db);
        runner.add(cache, Option.dependsOn("db"));
        runner.add(search, Option.dependsOn("db"));
        runner.add(api, Option.dependsOn("cache", "search"));
        services.addAll(List.of(db, cache, search, api));
        return runner;
    }

    @Test
    void servicesStopInReverseDependencyOrderAndSiblingsTogether() {
        List<TestService> services = new ArrayList<>();
        Runner runner = diamond(services);
        runner.start();

        runner.stop();

        assertStoppedBefore("api", "cache", 1);
        assertStoppedBefore("api", "search", 1);
        assertStoppedBefore("cache", "db", 1);
        assertStoppedBefore("search", "db", 1);
        services.forEach(s -> assertEquals(1, s.stops(), s.name()));
        services.forEach(s -> assertEquals(List.of(), s.violations(), s.name()));
        assertFalse(runner.isRunning());
    }

    @Test
    void independentServicesStopConcurrently() {
        Runner runner = runners.create("parallel");
        int count = 6;
        CyclicBarrier allInside = new CyclicBarrier(count);
        List<TestService> services = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TestService s = service("s" + i).onStop(meetAt(allInside));
            services.add(s);
            runner.add(s);
        }
        runner.start();

        // Stopped one after another, the first stop would time out at the barrier and throw.
        runner.stop();

        services.forEach(s -> assertTrue(log.find(s.name(), 1, Event.Kind.STOPPED).isPresent(), s.name()));
    }

    @Test
    void hungStopIsInterruptedAtItsTimeoutAndTheOthersStillStop() {
        Runner runner = runners.create("hung");
        TestService db = service("db");
        TestService hung = service("hung").hangInStop();
        TestService other = service("other");
        TestService lone = service("lone");
        runner.add(db);
        runner.add(hung, Option.dependsOn("db"), Option.stopTimeout(Duration.ofMillis(200)));
        runner.add(other, Option.dependsOn("db"));
        runner.add(lone);
        runner.start();

        StopException e = assertThrows(StopException.class, runner::stop);

        assertTrue(e.failures().containsKey("hung"), "failures: " + e.failures());
        assertEquals(1, e.failures().size(), "failures: " + e.failures());
        assertTrue(e.getMessage().contains("hung"), e.getMessage());
        // The runner interrupts and goes on; the interrupted call notices a moment later.
        eventually(() -> log.has("hung", Event.Kind.INTERRUPTED));
        for (TestService s : List.of(db, other, lone)) {
            assertEquals(1, s.stops(), s.name());
            assertTrue(log.find(s.name(), 1, Event.Kind.STOPPED).isPresent(), s.name());
        }
        assertEquals(1, hung.stops());
        // The runner interrupts the overrunning stop and goes on without waiting for the call to
        // end (it might ignore interruption), so only the stop's beginning orders db's stop.
        log.assertBefore(log.get("hung", 1, Event.Kind.STOP_BEGIN), log.get("db", 1, Event.Kind.STOP_BEGIN));
        assertEquals("cancelled=true", log.get("hung", 1, Event.Kind.INTERRUPTED).detail(),
                "when the overrunning stop is interrupted, its context says it was given up");
        assertFalse(runner.isRunning());
        assertFalse(runner.healthStatus().services().get("db").running());
    }

    @Test
    void stopReturnsOnlyAfterAnInterruptedStopCallHasEnded() {
        Runner runner = runners.create("outlive");
        List<TestService> services = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TestService hung = service("hung" + i).hangInStop();
            services.add(hung);
            runner.add(hung, Option.stopTimeout(Duration.ofMillis(100)));
        }
        runner.start();

        assertThrows(StopException.class, runner::stop);
        Event returned = log.mark("stop returned");

        // "After stop returns ... no thread of the runner's own is left; only a service call that
        // ignores interruption can outlive it." These calls heed interruption at once.
        for (TestService hung : services) {
            log.assertBefore(log.get(hung.name(), 1, Event.Kind.STOP_BEGIN), returned);
            assertTrue(log.find(hung.name(), 1, Event.Kind.STOP_FAILED).filter(e -> e.seq() < returned.seq()).isPresent(),
                    hung.name() + "'s interrupted stop call was still running when stop returned; log:\n" + log.dump());
        }
    }

    @Test
    void stopThatThrowsIsReportedWithItsCauseAndTheOthersGoOn() {
        Runner runner = runners.create("throws");
        IOException refused = new IOException("flush refused");
        TestService db = service("db");
        TestService api = service("api").onStop((context, instance) -> {
            throw refused;
        });
        runner.add(db);
        runner.add(api, Option.dependsOn("db"));
        runner.start();

        StopException e = assertThrows(StopException.class, runner::stop);

        assertTrue(Causes.contains(e.failures().get("api"), refused), Causes.describe(e.failures().get("api")));
        assertEquals(1, db.stops());
        assertFalse(runner.isRunning());
    }

    @Test
    void stopPastTheCallersDeadlineStillCallsEveryStopWithACancelledContext() {
        Runner runner = runners.create("deadline");
        TestService db = service("db");
        CountDownLatch release = new CountDownLatch(1);
        // api's stop ignores interruption until released, so db's turn comes after the deadline
        TestService api = service("api").onStop((context, instance) -> awaitIgnoringInterrupts(release));
        runner.add(db);
        runner.add(api, Option.dependsOn("db"));
        runner.start();

        Thread releaser = Thread.ofVirtual().start(() -> {
            eventually(() -> !runner.isRunning() || log.has("api", Event.Kind.STOP_BEGIN));
            sleepIgnoringInterrupts(Duration.ofMillis(800)); // past the deadline and the grace after it
            release.countDown();
        });
        assertThrows(StopException.class, () -> runner.stop(Duration.ofMillis(300)));
        release.countDown();
        eventually(() -> db.stops() == 1);
        join(releaser);
        assertEquals(1, db.stops(), "a stop whose turn comes after the deadline is still called");
        assertTrue(db.stopContext(1).isCancelled(), "with a cancelled context");
        eventually(() -> !runner.isRunning());
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException ignored) {
                // deaf on purpose
            }
        }
    }

    private static void sleepIgnoringInterrupts(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            } catch (InterruptedException ignored) {
                // only waits
            }
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void stopIsIdempotent() {
        Runner runner = runners.create("twice");
        TestService db = service("db");
        TestService api = service("api");
        runner.add(db);
        runner.add(api, Option.dependsOn("db"));
        runner.start();

        runner.stop();
        runner.stop();

        assertEquals(1, db.stops());
        assertEquals(1, api.stops());
    }

    @Test
    void stopBeforeStartDoesNothing() {
        Runner runner = runners.create("never-started");
        TestService db = service("db");
        runner.add(db);

        runner.stop();

        assertEquals(0, db.stops());
        assertFalse(runner.isRunning());
    }

    @Test
    void concurrentStopsStopEachServiceOnceAndReturnOnlyWhenAllIsStopped() {
        Runner runner = runners.create("concurrent");
        List<TestService> services = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TestService s = service("s" + i).onStop((context, instance) -> Thread.sleep(50));
            services.add(s);
            runner.add(s, i == 0 ? new Option[0] : new Option[] {Option.dependsOn("s" + (i - 1))});
        }
        runner.start();
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean sawRunning = new AtomicBoolean();
        List<BackgroundCall> stops = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            stops.add(BackgroundCall.start("stop-" + i, () -> {
                go.await();
                runner.stop();
                // "After stop returns, no service of this runner is running."
                for (TestService s : services) {
                    if (log.find(s.name(), 1, Event.Kind.STOPPED).isEmpty()) {
                        sawRunning.set(true);
                    }
                }
            }));
        }

        go.countDown();

        stops.forEach(call -> call.awaitSuccess(BOUND));
        services.forEach(s -> assertEquals(1, s.stops(), s.name()));
        services.forEach(s -> assertEquals(List.of(), s.violations(), s.name()));
        assertFalse(sawRunning.get(), "a stop call returned while a service was still stopping");
    }

    @Test
    void stopDuringStartCancelsTheStartAndStopsWhatStartedOnce() throws InterruptedException {
        Runner runner = runners.create("stop-during-start");
        CountDownLatch slowInside = new CountDownLatch(1);
        TestService a = service("a");
        TestService slow = service("slow");
        slow.onStart((context, instance) -> {
            slowInside.countDown();
            slow.blockUntilInterrupted(context, instance);
        });
        TestService after = service("after");
        runner.add(a);
        runner.add(slow, Option.dependsOn("a"));
        runner.add(after, Option.dependsOn("slow"));
        BackgroundCall start = BackgroundCall.start("start", runner::start);
        assertTrue(slowInside.await(30, TimeUnit.SECONDS));

        runner.stop();

        StartException e = start.awaitFailure(StartException.class, BOUND);
        assertTrue(Causes.mentions(e, "cancelled by stop"), Causes.describe(e));
        assertEquals(1, a.stops());
        assertEquals(0, slow.stops());
        assertEquals(0, after.starts());
        assertEquals("cancelled=true", log.get("slow", 1, Event.Kind.INTERRUPTED).detail());
        assertFalse(runner.isRunning());
        for (TestService s : List.of(a, slow, after)) {
            assertEquals(List.of(), s.violations(), s.name());
        }
    }

    @Test
    void runnerCanBeStartedAgainAfterStop() {
        Runner runner = runners.create("again");
        TestService db = service("db");
        TestService api = service("api");
        runner.add(db);
        runner.add(api, Option.dependsOn("db"));

        runner.start();
        runner.stop();
        runner.start();
        assertTrue(runner.isRunning());
        runner.stop();

        for (TestService s : List.of(db, api)) {
            assertEquals(2, s.starts(), s.name());
            assertEquals(2, s.stops(), s.name());
            assertEquals(List.of(), s.violations(), s.name());
        }
        log.assertBefore(log.get("db", 1, Event.Kind.STOPPED), log.get("db", 2, Event.Kind.START_BEGIN));
        Map<String, ServiceHealth> services = runner.healthStatus().services();
        assertEquals(ServiceState.STOPPED, services.get("db").state());
    }

    @Test
    void addWorksAgainAfterStop() {
        Runner runner = runners.create("add-after-stop");
        TestService db = service("db");
        TestService late = service("late");
        runner.add(db);
        runner.start();
        runner.stop();

        runner.add(late, Option.dependsOn("db"));
        runner.start();

        assertEquals(1, late.startsReturned());
        assertEquals(2, db.starts());
        log.assertBefore(log.get("db", 2, Event.Kind.STARTED), log.get("late", 1, Event.Kind.START_BEGIN));
    }

    @Test
    void isRunningFromWhenStartBeginsUntilStopEnds() {
        Runner runner = runners.create("running");
        AtomicBoolean runningInStart = new AtomicBoolean();
        AtomicBoolean runningInStop = new AtomicBoolean();
        runner.add(service("db")
                .onStart((context, instance) -> runningInStart.set(runner.isRunning()))
                .onStop((context, instance) -> runningInStop.set(runner.isRunning())));

        assertFalse(runner.isRunning());
        runner.start();
        assertTrue(runner.isRunning());
        runner.stop();
        assertFalse(runner.isRunning());

        assertTrue(runningInStart.get(), "running while start is in progress");
        assertTrue(runningInStop.get(), "running until stop ends");
    }

    @Test
    void isRunningIsFalseAfterAFailedStart() {
        Runner runner = runners.create("failed");
        runner.add(service("db").failStart(new IOException("no")));

        assertThrows(StartException.class, runner::start);

        assertFalse(runner.isRunning());
    }

    @Test
    void nothingRestartsDuringStop() {
        Runner runner = runners.create("no-restart");
        TestService flaky = service("flaky");
        TestService api = service("api").onStop((context, instance) -> {
            // While the runner is stopping, the dependency reports a crash: supervision has ended.
            flaky.startContext(1).exited(new IOException("crashed during stop"));
            Thread.sleep(100);
        });
        runner.add(flaky, Option.restartPolicy(RestartPolicy.ALWAYS),
                Option.backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0));
        runner.add(api, Option.dependsOn("flaky"));
        runner.start();

        runner.stop();

        assertEquals(1, flaky.starts(), "log:\n" + log.dump());
        assertEquals(1, flaky.stops());
        assertEquals(List.of(), flaky.violations());
        assertFalse(runner.healthStatus().services().get("flaky").running());
    }

    @Test
    void stopReturnsNormallyWhenEveryServiceStoppedCleanly() {
        Runner runner = runners.create("clean");
        TestService db = service("db");
        runner.add(db);
        runner.start();

        runner.stop(BOUND);

        assertSame(ServiceState.STOPPED, runner.healthStatus().services().get("db").state());
    }
}
