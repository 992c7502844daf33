package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runner.Option;
import dev.runner.Runner;
import dev.runner.ServiceEvent.Ready;
import dev.runner.ServiceEvent.Starting;
import dev.runner.Timeline;
import dev.runner.Timeline.Span;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DESIGN.md, Version 2, Timeline: each service's marks of the current or last run, as ordered
 * offsets from the run's start, null where not reached, and the critical path of the start.
 */
class TimelineTest extends WatchFixture {

    private static Span spanOf(Timeline timeline, String service) {
        return timeline.spans().stream().filter(s -> s.service().equals(service)).findFirst()
                .orElseGet(() -> fail("no span of " + service + " in " + timeline));
    }

    /** The six marks of a span in the order they are reached; a mark not reached is null. */
    private static List<Duration> marks(Span span) {
        return Arrays.asList(span.launched(), span.startBegan(), span.started(), span.ready(),
                span.stopBegan(), span.stopped());
    }

    /** Asserts that the first {@code reached} marks are set and in order, and the rest are null. */
    private static void assertMarks(Span span, int reached) {
        List<Duration> marks = marks(span);
        for (int i = 0; i < marks.size(); i++) {
            if (i < reached) {
                assertNotNull(marks.get(i), "mark " + i + " of " + span);
                assertTrue(!marks.get(i).isNegative(), "a mark before the origin: " + span);
                assertTrue(i == 0 || marks.get(i - 1).compareTo(marks.get(i)) <= 0, "marks out of order: " + span);
            } else {
                assertNull(marks.get(i), "mark " + i + " is not reached yet: " + span);
            }
        }
    }

    @Test
    void marksAreOrderedForEveryServiceAndTheStopMarksComeWithTheStop() {
        Duration delay = Duration.ofMillis(100);
        Runner runner = runners.create("marks");
        RecordingListener events = listen(runner);
        runner.add(service("db"));
        runner.add(service("api"), Option.dependsOn("db"), Option.startDelay(delay));
        runner.add(service("web"), Option.dependsOn("api"));
        runner.add(service("cache"));
        List<String> names = List.of("db", "api", "web", "cache");
        runner.start();
        names.forEach(name -> events.await(name, Ready.class));

        Timeline running = runner.timeline();

        names.forEach(name -> assertMarks(spanOf(running, name), 4));
        Span api = spanOf(running, "api");
        assertTrue(api.startBegan().minus(api.launched()).compareTo(delay) >= 0,
                "api's start began before its start delay was over: " + api);
        assertTrue(spanOf(running, "db").ready().compareTo(api.launched()) <= 0,
                "api launched before db was ready: " + running);

        runner.stop();

        Timeline stopped = runner.timeline();
        assertEquals(running.origin(), stopped.origin(), "the last run's timeline");
        names.forEach(name -> assertMarks(spanOf(stopped, name), 6));
        assertTrue(spanOf(stopped, "web").stopped().compareTo(spanOf(stopped, "api").stopBegan()) <= 0,
                "api began stopping before web had stopped: " + stopped);
        assertTrue(spanOf(stopped, "api").stopped().compareTo(spanOf(stopped, "db").stopBegan()) <= 0,
                "db began stopping before api had stopped: " + stopped);
    }

    @Test
    void spansAreInTheOrderAddedWithTheirDependenciesAndHaveNoMarksBeforeAnyRun() {
        Runner runner = runners.create("spans");
        runner.add(service("web"), Option.dependsOn("api"));
        runner.add(service("api"), Option.dependsOn("db", "cache"));
        runner.add(service("db"));
        runner.add(service("cache"));

        Timeline before = runner.timeline();
        for (Span span : before.spans()) {
            assertMarks(span, 0);
        }
        assertEquals(List.of(), before.criticalPath());

        runner.start();

        Timeline timeline = runner.timeline();
        assertEquals(List.of("web", "api", "db", "cache"), timeline.spans().stream().map(Span::service).toList());
        assertEquals(List.of(List.of("api"), List.of("db", "cache"), List.of(), List.of()),
                timeline.spans().stream().map(Span::dependsOn).toList());
    }

    @Test
    void whileStartRunsUnreachedMarksAreNullAndTheCriticalPathIsEmpty() {
        Runner runner = runners.create("in-start");
        TestService db = service("db").onStart((context, instance) -> awaitQuietly(gate));
        runner.add(db);
        runner.add(service("api"), Option.dependsOn("db"));

        BackgroundCall start = BackgroundCall.start("start", runner::start);
        eventually(() -> log.has("db", Event.Kind.START_BEGIN));

        Timeline timeline = runner.timeline();
        assertMarks(spanOf(timeline, "db"), 2);
        assertMarks(spanOf(timeline, "api"), 0);
        assertEquals(List.of(), timeline.criticalPath(), "start has not returned");

        gate.countDown();
        start.awaitSuccess(BOUND);
        assertMarks(spanOf(runner.timeline(), "db"), 4);
    }

    /**
     * {@code a} is needed by {@code b} and {@code c}, both needed by {@code d}. The slow one of
     * {@code b} and {@code c} starts only once the other is ready, so it is the one that became
     * ready last, and the path runs through it.
     */
    @ParameterizedTest(name = "{0} is slow")
    @ValueSource(strings = {"b", "c"})
    void criticalPathRunsFromTheLastToFinishThroughTheDependencyReadyLast(String slow) {
        String fast = slow.equals("b") ? "c" : "b";
        Runner runner = runners.create("critical-" + slow);
        RecordingListener events = listen(runner);
        runner.add(service("a"));
        for (String middle : List.of("b", "c")) {
            TestService service = service(middle);
            if (middle.equals(slow)) {
                service.onStart((context, instance) -> events.await(fast, Ready.class));
            }
            runner.add(service, Option.dependsOn("a"));
        }
        runner.add(service("d"), Option.dependsOn("b", "c"));

        runner.start();

        assertEquals(List.of("d", slow, "a"), runner.timeline().criticalPath(), events.dump());
    }

    @Test
    void restartKeepsTheMarksOfTheRunsFirstStart() {
        Runner runner = runners.create("restart");
        TestService worker = service("worker");
        RecordingListener events = startWatched(runner, worker, QUICK_RESTARTS, NO_POLLING);
        Timeline first = runner.timeline();

        exitFromAnotherThread(worker, 1, new IOException("crash"));

        events.await("worker", Ready.class, 2);
        Timeline after = runner.timeline();
        assertEquals(first.origin(), after.origin());
        assertEquals(marks(spanOf(first, "worker")), marks(spanOf(after, "worker")), "the run's first start is kept");
        Duration secondStart = Duration.between(after.origin(), events.of("worker", Starting.class).get(1).at());
        assertTrue(spanOf(after, "worker").started().compareTo(secondStart) < 0,
                "started is the first instance's, before the restart began: " + after);
    }

    @Test
    void secondRunHasATimelineOfItsOwn() {
        Runner runner = runners.create("second-run");
        RecordingListener events = listen(runner);
        runner.add(service("db"));
        runner.start();
        events.await("db", Ready.class);
        runner.stop();
        Timeline firstRun = runner.timeline();
        assertMarks(spanOf(firstRun, "db"), 6);

        runner.start();

        events.await("db", Ready.class, 2);
        Timeline secondRun = runner.timeline();
        assertTrue(secondRun.origin().isAfter(firstRun.origin()), firstRun.origin() + " then " + secondRun.origin());
        assertMarks(spanOf(secondRun, "db"), 4);
    }
}
