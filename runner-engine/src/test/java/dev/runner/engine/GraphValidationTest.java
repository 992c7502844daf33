package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Option;
import dev.runner.Runner;
import dev.runner.StartException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DESIGN.md, Start: a runner that cannot start fails with StartException and starts nothing. */
class GraphValidationTest {

    private final Runners runners = new Runners();
    private final EventLog log = new EventLog();

    @AfterEach
    void stopRunners() {
        runners.close();
    }

    private TestService service(String name) {
        return new TestService(name, log);
    }

    private void assertNothingStarted(Runner runner) {
        assertTrue(log.of(Event.Kind.START_BEGIN).isEmpty(), "nothing may start; log:\n" + log.dump());
        assertFalse(runner.isRunning(), "a runner that failed to start is not running");
    }

    @Test
    void startWithNoServicesFails() {
        Runner runner = runners.create("app");

        StartException e = assertThrows(StartException.class, runner::start);

        assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("no services"), e.getMessage());
        assertNull(e.service());
        assertFalse(runner.isRunning());
    }

    @Test
    void startWhileRunningFailsAndStartsNothingAgain() {
        Runner runner = runners.create("app");
        TestService db = service("db");
        runner.add(db);
        runner.start();

        StartException e = assertThrows(StartException.class, runner::start);

        assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("running"), e.getMessage());
        assertEquals(1, db.starts());
        assertTrue(runner.isRunning(), "the failed second start must not stop the running runner");
        assertEquals(0, db.stops());
    }

    @Test
    void startWhileAnotherStartIsInProgressFails() throws InterruptedException {
        Runner runner = runners.create("app");
        CountDownLatch inStart = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TestService slow = service("slow").onStart((context, instance) -> {
            inStart.countDown();
            release.await();
        });
        runner.add(slow);
        BackgroundCall first = BackgroundCall.start("start", runner::start);
        assertTrue(inStart.await(30, TimeUnit.SECONDS));

        assertThrows(StartException.class, runner::start);

        release.countDown();
        first.awaitSuccess(Duration.ofSeconds(30));
        assertEquals(1, slow.starts());
    }

    @Test
    void missingDependencyFailsNamingBothServicesAndStartsNothing() {
        Runner runner = runners.create("app");
        runner.add(service("cache"));
        runner.add(service("api"), Option.dependsOn("cache", "db"));

        StartException e = assertThrows(StartException.class, runner::start);

        assertTrue(e.getMessage().contains("\"api\" depends on unknown service \"db\""), e.getMessage());
        assertNull(e.service(), "a graph error names no failing service");
        assertNothingStarted(runner);
    }

    @Test
    void selfDependencyFailsShowingThePathAndStartsNothing() {
        Runner runner = runners.create("app");
        runner.add(service("db"));
        runner.add(service("a"), Option.dependsOn("db", "a"));

        StartException e = assertThrows(StartException.class, runner::start);

        assertTrue(e.getMessage().contains("a -> a") || e.getMessage().contains("\"a\" depends on itself"), e.getMessage());
        assertNothingStarted(runner);
    }

    @Test
    void cycleFailsShowingItsPathAndStartsNothing() {
        Runner runner = runners.create("app");
        runner.add(service("root"));
        runner.add(service("a"), Option.dependsOn("root", "b"));
        runner.add(service("b"), Option.dependsOn("c"));
        runner.add(service("c"), Option.dependsOn("a"));
        runner.add(service("outside"), Option.dependsOn("a"));

        StartException e = assertThrows(StartException.class, runner::start);

        // The cycle may be reported from any of its services, but along the dependsOn edges.
        List<String> rotations = List.of("a -> b -> c -> a", "b -> c -> a -> b", "c -> a -> b -> c");
        assertTrue(rotations.stream().anyMatch(e.getMessage()::contains), e.getMessage());
        assertNothingStarted(runner);
    }

    @Test
    void invalidGraphFailsTheSameWayEveryTime() {
        Runner runner = runners.create("app");
        runner.add(service("api"), Option.dependsOn("db"));

        StartException first = assertThrows(StartException.class, runner::start);
        StartException second = assertThrows(StartException.class, runner::start);

        assertEquals(first.getMessage(), second.getMessage());
        assertNothingStarted(runner);
    }

    @Test
    void graphErrorIsFoundBeforeAnyServiceStartsEvenWhenTheRestIsValid() {
        Runner runner = runners.create("app");
        for (int i = 0; i < 20; i++) {
            runner.add(service("s" + i), i == 0 ? new Option[0] : new Option[] {Option.dependsOn("s" + (i - 1))});
        }
        runner.add(service("broken"), Option.dependsOn("s19", "ghost"));

        StartException e = assertThrows(StartException.class, runner::start);

        assertTrue(e.getMessage().contains("\"broken\" depends on unknown service \"ghost\""), e.getMessage());
        assertNothingStarted(runner);
    }
}
