package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Context;
import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import dev.runner.RunnerStatus;
import dev.runner.Service;
import dev.runner.ServiceEvent;
import dev.runner.ServiceEvent.Exited;
import dev.runner.ServiceEvent.Ready;
import dev.runner.ServiceEvent.Started;
import dev.runner.ServiceEvent.Stopped;
import dev.runner.ServiceEvent.Stopping;
import dev.runner.StartException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, Version 2, Events: how events reach listeners. On a thread of the runner's own, never
 * a service call's; each exactly once and in order per service; a listener that throws or blocks
 * harms no one else; {@code start} and {@code stop} return after their events were delivered.
 */
class EventDeliveryTest extends WatchFixture {

    private static final List<String> START_AND_STOP = List.of("Starting", "Started", "Ready", "Stopping", "Stopped");

    /** Adds services {@code db <- api <- web} and {@code cache}, and returns them in that order. */
    private List<TestService> addChainAndLoner(Runner runner) {
        List<TestService> services = List.of(service("db"), service("api"), service("web"), service("cache"));
        runner.add(services.get(0));
        runner.add(services.get(1), Option.dependsOn("db"));
        runner.add(services.get(2), Option.dependsOn("api"));
        runner.add(services.get(3));
        return services;
    }

    /** Adds the services of {@link #addChainAndLoner}, starts, and waits until {@code events} saw each ready. */
    private List<TestService> startChainAndLoner(Runner runner, RecordingListener events) {
        List<TestService> services = addChainAndLoner(runner);
        runner.start();
        awaitAll(events, services, Ready.class);
        return services;
    }

    private static void awaitAll(RecordingListener events, List<TestService> services,
                                 Class<? extends ServiceEvent> type) {
        services.forEach(s -> events.await(s.name(), type));
    }

    /**
     * Adds a listener that takes 5 ms over each event before recording it, so delivery lags
     * behind the engine: a {@code start} or {@code stop} that did not wait for it would return
     * before the events are recorded.
     */
    private static RecordingListener listenSlowly(Runner runner) {
        RecordingListener events = new RecordingListener();
        runner.addListener(event -> {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.accept(event);
        });
        return events;
    }

    @Test
    void eventsAreDeliveredOnAThreadOfTheRunnersOwnNeverOnAServiceCallsThread() {
        Runner runner = runners.create("threads");
        RecordingListener events = listen(runner);
        List<TestService> services = startChainAndLoner(runner, events);
        runner.stop();
        awaitAll(events, services, Stopped.class);

        Set<Thread> serviceThreads = new HashSet<>();
        services.forEach(s -> serviceThreads.addAll(s.threads()));
        Set<Thread> deliveries = events.threads();
        assertFalse(deliveries.isEmpty());
        for (Thread thread : deliveries) {
            assertFalse(serviceThreads.contains(thread), "an event was delivered on a service call's thread " + thread);
            assertTrue(thread != Thread.currentThread(), "an event was delivered on the caller's thread");
        }
    }

    @Test
    void listenerThatThrowsIsIsolatedFromTheOtherListenersAndTheRunner() {
        Runner runner = runners.create("throwing");
        AtomicInteger thrown = new AtomicInteger();
        runner.addListener(event -> {
            thrown.incrementAndGet();
            throw new IllegalStateException("listener broke on " + event);
        });
        RecordingListener events = listen(runner);
        List<TestService> services = startChainAndLoner(runner, events);
        runner.stop();

        awaitAll(events, services, Stopped.class);
        for (TestService s : services) {
            assertEquals(START_AND_STOP, events.names(s.name()), events.dump());
            assertEquals(1, s.starts());
            assertEquals(1, s.stops());
        }
        assertFalse(runner.isRunning());
        eventually(() -> thrown.get() == events.events().size());
    }

    @Test
    void blockedListenerDoesNotHoldBackTheServicesStartsButStartReturnsOnlyOnceItIsReleased() {
        Runner runner = runners.create("blocked-start");
        RecordingListener events = new RecordingListener();
        CountDownLatch listenerBlocked = new CountDownLatch(1);
        runner.addListener(event -> {
            if (listenerBlocked.getCount() > 0) {
                listenerBlocked.countDown();
                awaitQuietly(gate);
            }
            events.accept(event);
        });
        List<TestService> services = addChainAndLoner(runner);
        // Every start but db's comes after db's, so all of them happen while the listener is blocked.
        services.getFirst().onStart((context, instance) -> awaitQuietly(listenerBlocked));

        BackgroundCall start = BackgroundCall.start("start", runner::start);

        // db must be ready before api starts, and api before web: readiness is not held up either.
        eventually(() -> services.stream().allMatch(s -> s.startsReturned() == 1));
        assertEquals(0, listenerBlocked.getCount(), "the listener got an event and blocks");
        assertFalse(start.isDone(), "start returned before its events were delivered");

        gate.countDown();

        start.awaitSuccess(BOUND);
        for (TestService s : services) {
            assertTrue(events.names(s.name()).contains("Started"), events.dump());
        }
    }

    @Test
    void blockedListenerDoesNotHoldBackTheServicesStopsButStopReturnsOnlyOnceItIsReleased() {
        Runner runner = runners.create("blocked-stop");
        RecordingListener events = new RecordingListener();
        CountDownLatch listenerBlocked = new CountDownLatch(1);
        runner.addListener(event -> {
            if (event instanceof Stopping && listenerBlocked.getCount() > 0) {
                listenerBlocked.countDown();
                awaitQuietly(gate);
            }
            events.accept(event);
        });
        List<TestService> services = addChainAndLoner(runner);
        // web and cache stop first; db and api stop after them, so while the listener is blocked.
        for (TestService leaf : List.of(services.get(2), services.get(3))) {
            leaf.onStop((context, instance) -> awaitQuietly(listenerBlocked));
        }
        runner.start();
        awaitAll(events, services, Ready.class);

        BackgroundCall stop = BackgroundCall.start("stop", runner::stop);

        eventually(() -> services.stream().allMatch(s -> log.has(s.name(), Event.Kind.STOPPED)));
        assertEquals(0, listenerBlocked.getCount(), "the listener got a Stopping and blocks");
        assertFalse(stop.isDone(), "stop returned before its events were delivered");

        gate.countDown();

        stop.awaitSuccess(BOUND);
        for (TestService s : services) {
            assertEquals(START_AND_STOP, events.names(s.name()), events.dump());
        }
    }

    @Test
    void listenerThatCallsStatusAndStopAfterStartDoesNotDeadlock() {
        Runner runner = runners.create("listener-stops");
        RecordingListener events = listen(runner);
        Queue<RunnerStatus> seen = new ConcurrentLinkedQueue<>();
        AtomicBoolean stopReturned = new AtomicBoolean();
        Queue<Throwable> listenerFailures = new ConcurrentLinkedQueue<>();
        runner.addListener(event -> {
            try {
                seen.add(runner.status());
                if (event instanceof Exited) {
                    runner.stop();
                    stopReturned.set(true);
                }
            } catch (RuntimeException e) {
                listenerFailures.add(e);
            }
        });
        TestService db = service("db");
        TestService worker = service("worker");
        runner.add(db);
        runner.add(worker, Option.dependsOn("db"), Option.restartPolicy(RestartPolicy.NEVER), NO_POLLING);
        runner.start();
        events.await("worker", Ready.class);

        exitFromAnotherThread(worker, 1, null);

        eventually(() -> stopReturned.get() && !runner.isRunning());
        events.await("db", Stopped.class);
        events.await("worker", Stopped.class);
        assertEquals(List.of(), List.copyOf(listenerFailures));
        eventually(() -> seen.size() == events.events().size()); // status() answered for every event
        assertEquals(1, db.stops());
        assertEquals(1, worker.stops());
    }

    @Test
    void listenerThatCallsStopDuringStartDoesNotDeadlock() {
        Runner runner = runners.create("listener-stops-start");
        AtomicBoolean stopReturned = new AtomicBoolean();
        runner.addListener(event -> {
            runner.status();
            if (event instanceof Started && event.service().equals("db")) {
                runner.stop();
                stopReturned.set(true);
            }
        });
        List<TestService> services = addChainAndLoner(runner);

        BackgroundCall start = BackgroundCall.start("start", runner::start);

        Throwable outcome = start.awaitOutcome(BOUND);
        assertTrue(outcome == null || outcome instanceof StartException, "start threw " + outcome);
        eventually(() -> stopReturned.get() && !runner.isRunning());
        for (TestService s : services) {
            assertEquals(List.of(), s.violations(), s.name());
            eventually(() -> s.startsReturned() == s.stops());
        }
    }

    @Test
    void startAndStopReturnOnlyAfterTheirEventsWereDelivered() {
        Runner runner = runners.create("delivered");
        RecordingListener events = listenSlowly(runner);
        List<TestService> services = new ArrayList<>(addChainAndLoner(runner));
        for (int i = 0; i < 6; i++) {
            TestService worker = service("worker" + i);
            runner.add(worker, Option.dependsOn("db"));
            services.add(worker);
        }

        runner.start();

        Map<String, List<String>> afterStart = events.sequences();
        for (TestService s : services) {
            assertTrue(afterStart.getOrDefault(s.name(), List.of()).contains("Started"),
                    s.name() + " has no Started when start returned: " + afterStart);
        }
        for (String dependency : List.of("db", "api")) {
            assertTrue(afterStart.get(dependency).contains("Ready"),
                    dependency + ", which others depend on, has no Ready when start returned: " + afterStart);
        }

        runner.stop();

        Map<String, List<String>> afterStop = events.sequences();
        for (TestService s : services) {
            assertEquals("Stopped", afterStop.get(s.name()).getLast(), s.name() + " when stop returned: " + afterStop);
        }
    }

    /** A service that keeps {@link Service#health()}'s default, which is always up. */
    private record AlwaysUp(String name) implements Service {
        @Override
        public void start(Context context) {
        }

        @Override
        public void stop(Context context) {
        }
    }

    @Test
    void serviceWhoseHealthIsAlwaysUpIsReadyWhenStartReturnsEvenWithNoDependents() {
        Runner runner = runners.create("always-up");
        RecordingListener events = listenSlowly(runner);
        runner.add(new AlwaysUp("db"));
        runner.add(new AlwaysUp("api"), Option.dependsOn("db"));
        runner.add(new AlwaysUp("loner"));

        runner.start();

        for (String name : List.of("db", "api", "loner")) {
            assertEquals(List.of("Starting", "Started", "Ready"), events.names(name), events.dump());
        }
    }

    @Test
    void removedListenerReceivesNoLaterEvent() {
        Runner runner = runners.create("remove");
        RecordingListener kept = listen(runner);
        RecordingListener removed = listen(runner);
        List<TestService> services = startChainAndLoner(runner, removed);

        runner.removeListener(removed);
        List<ServiceEvent> beforeRemoval = removed.events();
        runner.stop();

        awaitAll(kept, services, Stopped.class);
        assertEquals(beforeRemoval, removed.events(), "events after removeListener returned");
        assertTrue(removed.events().stream().noneMatch(e -> e instanceof Stopping), removed.dump());
    }

    @Test
    void listenerAddedLaterReceivesOnlyWhatHappensAfterIt() {
        Runner runner = runners.create("late");
        RecordingListener early = listen(runner);
        List<TestService> services = startChainAndLoner(runner, early);

        RecordingListener late = listen(runner);
        runner.stop();

        awaitAll(late, services, Stopped.class);
        for (TestService s : services) {
            assertEquals(List.of("Stopping", "Stopped"), late.names(s.name()), late.dump());
            assertEquals(START_AND_STOP, early.names(s.name()), early.dump());
        }
    }

    @Test
    void manyServicesReachTwoListenersEachEventExactlyOnceInOrder() {
        Runner runner = runners.create("many");
        RecordingListener first = listen(runner);
        RecordingListener second = listen(runner);
        List<String> names = IntStream.range(0, 50).mapToObj(i -> "s" + i).toList();
        for (int i = 0; i < names.size(); i++) {
            // A binary tree: s0 is the root, each other service depends on its parent.
            Option[] options = i == 0 ? new Option[0] : new Option[] {Option.dependsOn(names.get((i - 1) / 2))};
            runner.add(service(names.get(i)), options);
        }

        runner.start();
        for (String name : names) {
            first.await(name, Ready.class);
            second.await(name, Ready.class);
        }
        runner.stop();

        for (String name : names) {
            first.await(name, Stopped.class);
            second.await(name, Stopped.class);
            assertEquals(START_AND_STOP, first.names(name), first.dump());
            assertEquals(first.of(name), second.of(name), "both listeners get the same events of " + name);
            Instant previous = Instant.MIN;
            for (ServiceEvent event : first.of(name)) {
                assertFalse(event.at().isBefore(previous), name + "'s events out of order: " + first.of(name));
                previous = event.at();
            }
        }
    }
}
