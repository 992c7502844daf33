package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Health;
import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import dev.runner.ServiceEvent.Exited;
import dev.runner.ServiceEvent.GaveUp;
import dev.runner.ServiceEvent.Ready;
import dev.runner.ServiceEvent.Recovered;
import dev.runner.ServiceEvent.Restarting;
import dev.runner.ServiceEvent.Started;
import dev.runner.ServiceEvent.Starting;
import dev.runner.ServiceEvent.Stopped;
import dev.runner.ServiceEvent.Stopping;
import dev.runner.ServiceEvent.Unhealthy;
import dev.runner.ServiceState;
import dev.runner.StartException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, Version 2, Events: what each scenario of a service's life emits, per service and in
 * order, as a listener receives it.
 */
class EventSequenceTest extends WatchFixture {

    private static final List<String> FIRST_START = List.of("Starting", "Started", "Ready");
    private static final List<String> RESTART_AFTER_EXIT =
            List.of("Exited", "Restarting", "Stopping", "Stopped", "Starting", "Started", "Ready");

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    private static ServiceState stateOf(Runner runner, String service) {
        return runner.healthStatus().services().get(service).state();
    }

    private static boolean notAfter(Instant first, Instant second) {
        return !first.isAfter(second);
    }

    @Test
    void firstStartIsStartingStartedReadyAndDependentsStartAfterTheirDependencyIsReady() {
        Runner runner = runners.create("first-start");
        RecordingListener events = listen(runner);
        runner.add(service("db"));
        runner.add(service("api"), Option.dependsOn("db"));

        runner.start();

        events.await("api", Ready.class);
        assertEquals(FIRST_START, events.names("db"), events.dump());
        assertEquals(FIRST_START, events.names("api"), events.dump());
        for (String name : List.of("db", "api")) {
            assertEquals(1, events.of(name, Starting.class).getFirst().attempt(), name);
            Started started = events.of(name, Started.class).getFirst();
            assertEquals(1, started.attempt(), name);
            assertFalse(started.took().isNegative(), name + " took " + started.took());
            assertFalse(events.of(name, Ready.class).getFirst().sinceLaunch().isNegative(), name);
        }
        Ready dbReady = events.of("db", Ready.class).getFirst();
        Starting apiStarting = events.of("api", Starting.class).getFirst();
        assertTrue(notAfter(dbReady.at(), apiStarting.at()), dbReady + " should be no later than " + apiStarting);
    }

    @Test
    void startingComesAfterTheStartDelay() {
        Duration delay = Duration.ofMillis(200);
        Runner runner = runners.create("start-delay");
        RecordingListener events = listen(runner);
        runner.add(service("db"));
        runner.add(service("api"), Option.dependsOn("db"), Option.startDelay(delay));

        runner.start();

        events.await("api", Ready.class);
        assertEquals(FIRST_START, events.names("api"), events.dump());
        Instant dbReady = events.of("db", Ready.class).getFirst().at();
        Instant apiStarting = events.of("api", Starting.class).getFirst().at();
        Duration between = Duration.between(dbReady, apiStarting);
        assertTrue(between.compareTo(delay) >= 0,
                "api's Starting came " + between + " after db's Ready, less than its start delay " + delay);
    }

    @Test
    void exitIsFollowedByRestartingThenTheOldInstanceStopsAndANewOneStarts() {
        Runner runner = runners.create("exit-restart");
        TestService worker = service("worker");
        RecordingListener events = startWatched(runner, worker, QUICK_RESTARTS, NO_POLLING);
        IOException crash = new IOException("disk gone");

        exitFromAnotherThread(worker, 1, crash);

        events.await("worker", Ready.class, 2);
        assertEquals(concat(FIRST_START, RESTART_AFTER_EXIT), events.names("worker"), events.dump());
        assertSame(crash, events.of("worker", Exited.class).getFirst().cause());
        Restarting restarting = events.of("worker", Restarting.class).getFirst();
        assertEquals(1, restarting.restart());
        assertEquals(Duration.ofMillis(10), restarting.backoff(), "the first backoff, with jitter off");
        assertTrue(restarting.reason() != null && restarting.reason().toLowerCase().contains("exit"),
                "the reason should say the service exited: " + restarting.reason());
        assertEquals(List.of(1, 2), events.of("worker", Starting.class).stream().map(Starting::attempt).toList());
        assertEquals(List.of(1, 2), events.of("worker", Started.class).stream().map(Started::attempt).toList());
        assertNull(events.of("worker", Stopped.class).getFirst().error(), "the old instance stopped cleanly");
        assertEquals(1, worker.stops());
    }

    @Test
    void failedCheckIsUnhealthyThenRestartingThenTheOldInstanceStopsAndANewOneStarts() {
        Runner runner = runners.create("check-restart");
        AtomicBoolean broken = new AtomicBoolean();
        TestService worker = service("worker")
                .health(instance -> instance == 1 && broken.get() ? Health.down("stuck") : Health.up());
        RecordingListener events = startWatched(runner, worker, QUICK_RESTARTS, FAST_CHECKS);

        broken.set(true);

        events.await("worker", Ready.class, 2);
        assertEquals(List.of("Starting", "Started", "Ready", "Unhealthy", "Restarting", "Stopping", "Stopped",
                "Starting", "Started", "Ready"), events.names("worker"), events.dump());
        Unhealthy unhealthy = events.of("worker", Unhealthy.class).getFirst();
        assertTrue(unhealthy.detail() != null && unhealthy.detail().contains("stuck"), unhealthy.toString());
        assertEquals(1, events.of("worker", Restarting.class).getFirst().restart());
        assertEquals(2, worker.starts());
        assertEquals(1, worker.stops());
    }

    @Test
    void failedCheckWithRestartsOffGivesUpAndALaterPassingCheckRecoversWithoutARestart() {
        Runner runner = runners.create("check-never");
        AtomicBoolean broken = new AtomicBoolean();
        TestService worker = service("worker").health(downWhile(broken, "stuck"));
        RecordingListener events = startWatched(runner, worker, Option.restartPolicy(RestartPolicy.NEVER), FAST_CHECKS);

        broken.set(true);

        GaveUp gaveUp = events.await("worker", GaveUp.class);
        // Several failed checks in a row: the service stays unhealthy and emits nothing more.
        long failedBefore = failedChecks("worker", 0);
        eventually(() -> failedChecks("worker", 0) >= failedBefore + 3);
        assertEquals(concat(FIRST_START, List.of("Unhealthy", "GaveUp")), events.names("worker"), events.dump());
        assertTrue(gaveUp.cause() != null && Causes.mentions(gaveUp.cause(), "stuck"),
                "the cause should be the failed check: " + gaveUp.cause());
        assertEquals(ServiceState.RUNNING, stateOf(runner, "worker"), "after failed checks it stays running");

        broken.set(false);

        events.await("worker", Recovered.class);
        assertEquals(concat(FIRST_START, List.of("Unhealthy", "GaveUp", "Recovered")), events.names("worker"),
                events.dump());
        assertEquals(1, worker.starts());
        assertEquals(0, worker.stops());
    }

    @Test
    void failedChecksBelowTheThresholdAreUnhealthyThenRecoveredWithoutARestart() {
        Runner runner = runners.create("check-threshold");
        AtomicBoolean broken = new AtomicBoolean();
        TestService worker = service("worker").health(downWhile(broken, "slow"));
        RecordingListener events = startWatched(runner, worker,
                Option.failureThreshold(1_000_000), QUICK_RESTARTS, FAST_CHECKS);

        broken.set(true);
        events.await("worker", Unhealthy.class);
        // Several failed checks in a row: the service stays unhealthy and emits nothing more.
        long failedBefore = failedChecks("worker", 0);
        eventually(() -> failedChecks("worker", 0) >= failedBefore + 3);
        broken.set(false);

        events.await("worker", Recovered.class);
        assertEquals(concat(FIRST_START, List.of("Unhealthy", "Recovered")), events.names("worker"), events.dump());
        assertEquals(1, worker.starts());
        assertEquals(0, worker.stops());
    }

    @Test
    void failedExitWithNoRestartLeftGivesUpStopsAndEndsFailed() {
        Runner runner = runners.create("exit-give-up");
        TestService worker = service("worker");
        RecordingListener events = startWatched(runner, worker, QUICK_RESTARTS, Option.maxRetries(1), NO_POLLING);
        exitFromAnotherThread(worker, 1, new IOException("first crash"));
        events.await("worker", Ready.class, 2);
        IOException last = new IOException("second crash");

        exitFromAnotherThread(worker, 2, last);

        events.await("worker", Stopped.class, 2);
        List<String> expected = concat(concat(FIRST_START, RESTART_AFTER_EXIT),
                List.of("Exited", "GaveUp", "Stopping", "Stopped"));
        assertEquals(expected, events.names("worker"), events.dump());
        GaveUp gaveUp = events.of("worker", GaveUp.class).getFirst();
        assertTrue(Causes.contains(gaveUp.cause(), last), "GaveUp should carry the last exit's cause: " + gaveUp);
        eventually(() -> stateOf(runner, "worker") == ServiceState.FAILED);

        runner.stop();

        assertEquals(expected, events.names("worker"), "a service given up on is not stopped again; " + events.dump());
        assertEquals(2, worker.stops());
    }

    @Test
    void failedChecksWithNoRestartLeftGiveUpAndTheServiceStaysRunning() {
        Runner runner = runners.create("check-give-up");
        AtomicBoolean broken = new AtomicBoolean();
        TestService worker = service("worker")
                .health(instance -> instance > 1 || broken.get() ? Health.down("still stuck") : Health.up());
        RecordingListener events = startWatched(runner, worker, QUICK_RESTARTS, Option.maxRetries(1), FAST_CHECKS);

        broken.set(true);

        events.await("worker", GaveUp.class);
        // The second instance keeps failing its checks: nothing more is emitted.
        eventually(() -> failedChecks("worker", 2) >= 5);
        assertEquals(List.of("Starting", "Started", "Ready", "Unhealthy", "Restarting", "Stopping", "Stopped",
                "Starting", "Started", "Unhealthy", "GaveUp"), events.names("worker"), events.dump());
        assertEquals(ServiceState.RUNNING, stateOf(runner, "worker"));
        assertEquals(2, worker.starts());
        assertEquals(1, worker.stops());
    }

    @Test
    void cleanExitThatIsNotRestartedStopsWithoutGivingUp() {
        Runner runner = runners.create("clean-exit");
        TestService worker = service("worker");
        RecordingListener events = startWatched(runner, worker,
                Option.restartPolicy(RestartPolicy.ON_FAILURE), QUICK_RESTARTS, NO_POLLING);

        exitFromAnotherThread(worker, 1, null);

        events.await("worker", Stopped.class);
        assertEquals(concat(FIRST_START, List.of("Exited", "Stopping", "Stopped")), events.names("worker"),
                events.dump());
        assertNull(events.of("worker", Exited.class).getFirst().cause(), "a clean exit has no cause");
        eventually(() -> stateOf(runner, "worker") == ServiceState.STOPPED);
        assertEquals(1, worker.starts());
    }

    @Test
    void stopIsStoppingStoppedPerServiceAndDependentsStopBeforeTheirDependenciesBegin() {
        Runner runner = runners.create("stop");
        RecordingListener events = listen(runner);
        runner.add(service("db"));
        runner.add(service("api"), Option.dependsOn("db"));
        runner.add(service("web"), Option.dependsOn("api"));
        runner.add(service("cache"));
        List<String> names = List.of("db", "api", "web", "cache");
        runner.start();
        names.forEach(name -> events.await(name, Ready.class));

        runner.stop();

        names.forEach(name -> events.await(name, Stopped.class));
        for (String name : names) {
            assertEquals(concat(FIRST_START, List.of("Stopping", "Stopped")), events.names(name), events.dump());
            Stopped stopped = events.of(name, Stopped.class).getFirst();
            assertNull(stopped.error(), name + " stopped cleanly");
            assertFalse(stopped.took().isNegative(), stopped.toString());
        }
        assertStoppedBeforeStopping(events, "web", "api");
        assertStoppedBeforeStopping(events, "api", "db");
    }

    private static void assertStoppedBeforeStopping(RecordingListener events, String dependent, String dependency) {
        Stopped stopped = events.of(dependent, Stopped.class).getFirst();
        Stopping stopping = events.of(dependency, Stopping.class).getFirst();
        assertTrue(notAfter(stopped.at(), stopping.at()), stopped + " should be no later than " + stopping);
    }

    @Test
    void rollbackOfAFailedStartStopsWhatStartedAndTheFailedServiceNeverStarted() {
        Runner runner = runners.create("rollback");
        RecordingListener events = listen(runner);
        runner.add(service("db"));
        runner.add(service("broken").failStart(new IOException("no config")), Option.dependsOn("db"));
        runner.add(service("api"), Option.dependsOn("broken"));

        assertThrows(StartException.class, runner::start);

        events.await("db", Stopped.class);
        assertEquals(concat(FIRST_START, List.of("Stopping", "Stopped")), events.names("db"), events.dump());
        List<String> broken = events.names("broken");
        assertEquals("Starting", broken.isEmpty() ? null : broken.getFirst(), events.dump());
        assertTrue(broken.stream().noneMatch(Set.of("Started", "Ready", "Stopping", "Stopped")::contains),
                "a start that threw is not started nor stopped: " + broken);
        assertEquals(List.of(), events.names("api"), "api never got to start");
    }

    @Test
    void startThatReturnsAfterTheRunnerGaveItUpIsStartedAndThenStopped() {
        Runner runner = runners.create("late-start");
        RecordingListener events = listen(runner);
        TestService late = service("late").onStart((context, instance) -> {
            // Returns normally, but only once the runner has given the call up.
            long giveUp = System.nanoTime() + BOUND.toNanos();
            while (!context.isCancelled() && System.nanoTime() < giveUp) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    log.add("late", instance, Event.Kind.INTERRUPTED, "ignored");
                }
            }
        });
        TestService broken = service("broken").onStart((context, instance) -> {
            Eventually.until(() -> log.has("late", Event.Kind.START_BEGIN), log::dump);
            throw new IOException("no config");
        });
        runner.add(late);
        runner.add(broken);

        assertThrows(StartException.class, runner::start);

        events.await("late", Stopped.class);
        List<String> names = events.names("late");
        assertEquals(List.of("Starting", "Started"), names.subList(0, Math.min(2, names.size())),
                "a start that returned is Started, also after the runner gave it up: " + events.dump());
        assertEquals(List.of("Stopping", "Stopped"), names.subList(names.size() - 2, names.size()), events.dump());
        assertEquals(1, late.stops());
    }

    @Test
    void parentSeesAChildRunnerAsOneServiceAndTheChildsListenerSeesItsOwnServices() {
        Runner parent = runners.create("parent");
        Runner child = runners.create("child");
        RecordingListener parentEvents = listen(parent);
        RecordingListener childEvents = listen(child);
        child.add(service("db"));
        child.add(service("worker"), Option.dependsOn("db"));
        parent.add(child);
        parent.add(service("web"), Option.dependsOn("child"));

        parent.start();

        parentEvents.await("web", Ready.class);
        childEvents.await("worker", Ready.class);
        assertEquals(FIRST_START, parentEvents.names("child"), parentEvents.dump());
        assertEquals(Set.of("child", "web"), parentEvents.sequences().keySet(), parentEvents.dump());
        assertEquals(FIRST_START, childEvents.names("db"), childEvents.dump());
        assertEquals(FIRST_START, childEvents.names("worker"), childEvents.dump());

        parent.stop();

        parentEvents.await("child", Stopped.class);
        childEvents.await("db", Stopped.class);
        List<String> startAndStop = concat(FIRST_START, List.of("Stopping", "Stopped"));
        assertEquals(startAndStop, parentEvents.names("child"), parentEvents.dump());
        assertEquals(startAndStop, childEvents.names("db"), childEvents.dump());
        assertEquals(startAndStop, childEvents.names("worker"), childEvents.dump());
        assertEquals(Set.of("db", "worker"), childEvents.sequences().keySet(), childEvents.dump());
    }
}
