package dev.runner.engine;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Context;
import dev.runner.Option;
import dev.runner.RestartConfig;
import dev.runner.Runner;
import dev.runner.ServiceEvent;
import dev.runner.ServiceEvent.Restarting;
import dev.runner.ServiceEvent.Started;
import dev.runner.ServiceEvent.Starting;
import dev.runner.StartException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * Random dependency graphs with starts that throw or hang and services that exit by themselves:
 * every service's events, as two listeners receive them, are the same for both, walk a path
 * through the contract's table of legal successions, and match the calls the service saw.
 */
class EventPathPropertyTest {

    private static final int MAX_SERVICES = 40;
    private static final Duration START_BOUND = Duration.ofSeconds(60);
    private static final Duration STOP_BOUND = Duration.ofSeconds(60);

    /** Before a service's first event. */
    private static final String BEGIN = "(begin)";
    /** After a service's last event, once the run's stop returned. */
    private static final String END = "(end)";

    /**
     * For each event, the events that may come next for the same service, from DESIGN.md's
     * Events and Supervision; {@link #END} where a sequence may end once the stop returned.
     *
     * <ul>
     *   <li>{@code Starting} just before {@code start}; {@code Started} when it returned. A start
     *       that threw or was given up gets no {@code Started} and no stop: the sequence ends, or
     *       (a restart's start failing) the failure is decided like any other.
     *   <li>{@code Ready} at a started instance's first passing check; {@code Unhealthy} at the
     *       turn to unhealthy (also before any pass), {@code Recovered} at the turn back; a
     *       service that stays unhealthy emits nothing more.
     *   <li>A failure (exit, or failed checks) is followed by {@code Restarting} or, with no
     *       restart left, {@code GaveUp}; a clean exit not restarted goes straight to its stop.
     *       {@code Restarting} after {@code Ready} or {@code Recovered} is a {@code bindsTo}
     *       restart.
     *   <li>After {@code Restarting}, the old instance stops ({@code Stopping}, {@code Stopped})
     *       and a new one starts; the run's stop may come in between.
     *   <li>After {@code GaveUp} on checks the service runs on: a passing check, an exit or the
     *       run's stop may follow; after {@code GaveUp} on an exit it stops.
     * </ul>
     */
    private static final Map<String, Set<String>> NEXT = Map.ofEntries(
            entry(BEGIN, Set.of("Starting", END)),
            entry("Starting", Set.of("Started", "Restarting", "GaveUp", END)),
            entry("Started", Set.of("Ready", "Unhealthy", "Exited", "Restarting", "Stopping")),
            entry("Ready", Set.of("Unhealthy", "Exited", "Restarting", "Stopping")),
            entry("Unhealthy", Set.of("Ready", "Recovered", "Restarting", "GaveUp", "Exited", "Stopping")),
            entry("Recovered", Set.of("Unhealthy", "Exited", "Restarting", "Stopping")),
            entry("Exited", Set.of("Restarting", "GaveUp", "Stopping")),
            entry("Restarting", Set.of("Stopping", "Starting", END)),
            entry("GaveUp", Set.of("Ready", "Recovered", "Exited", "Restarting", "Stopping")),
            entry("Stopping", Set.of("Stopped")),
            entry("Stopped", Set.of("Starting", END)));

    @Property(tries = 50, shrinking = ShrinkingMode.OFF)
    void everyServicesEventsWalkTheTransitionTableAndMatchItsCalls(@ForAll long seed) {
        RandomGraph graph = RandomGraph.generate(seed, MAX_SERVICES);
        EventLog log = new EventLog();
        Map<String, TestService> services = new LinkedHashMap<>();
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        try (Runners runners = new Runners()) {
            Runner runner = runners.create("paths" + Long.toHexString(seed));
            runner.addListener(first);
            runner.addListener(second);
            for (RandomGraph.Node node : graph.nodes()) {
                TestService service = build(node, log);
                services.put(node.name(), service);
                runner.add(service, options(node));
            }
            runner.addListener(exitsOnStart(graph, services));
            check(runner, services, first, second);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e + "\n" + graph + "events:\n" + first.dump() + "calls:\n" + log.dump(), e);
        }
    }

    private static TestService build(RandomGraph.Node node, EventLog log) {
        TestService service = new TestService(node.name(), log);
        if (node.fault() == RandomGraph.Fault.THROW) {
            service.failStart(new IOException("injected start failure of " + node.name()));
        } else if (node.fault() == RandomGraph.Fault.HANG) {
            service.hangInStart();
        } else if (node.startMillis() > 0) {
            service.onStart((context, instance) -> Thread.sleep(node.startMillis()));
        }
        if (node.stopMillis() > 0) {
            service.onStop((context, instance) -> Thread.sleep(node.stopMillis()));
        }
        return service;
    }

    private static Option[] options(RandomGraph.Node node) {
        List<Option> options = new ArrayList<>();
        if (!node.dependsOn().isEmpty()) {
            options.add(Option.dependsOn(node.dependsOn().toArray(String[]::new)));
        }
        options.add(Option.restartConfig(new RestartConfig(node.policy(), 2,
                Duration.ofMillis(1), Duration.ofMillis(4), 2.0, false)));
        if (node.fault() == RandomGraph.Fault.HANG) {
            options.add(Option.startTimeout(Duration.ofMillis(150)));
        }
        return options.toArray(Option[]::new);
    }

    /**
     * A listener that makes each instance of an exiting service report its exit once its
     * {@code Started} arrives, from a thread of its own (instance n is the n-th start of the run).
     */
    private static Consumer<ServiceEvent> exitsOnStart(RandomGraph graph, Map<String, TestService> services) {
        Map<String, RandomGraph.Node> exiting = new LinkedHashMap<>();
        graph.nodes().stream().filter(RandomGraph.Node::exits).forEach(n -> exiting.put(n.name(), n));
        return event -> {
            RandomGraph.Node node = exiting.get(event.service());
            if (node != null && event instanceof Started started) {
                Context context = services.get(node.name()).startContext(started.attempt());
                Throwable cause = node.exitFails() ? new IOException("injected exit of " + node.name()) : null;
                if (context != null) {
                    Thread.ofVirtual().name("test-exit-" + node.name()).start(() -> context.exited(cause));
                }
            }
        };
    }

    private static void check(Runner runner, Map<String, TestService> services,
                              RecordingListener first, RecordingListener second) {
        BackgroundCall start = BackgroundCall.start("start", () -> runner.start(START_BOUND));
        Throwable startFailure = start.awaitOutcome(START_BOUND.plusSeconds(30));
        if (startFailure != null && !(startFailure instanceof StartException)) {
            throw new AssertionError("start threw something else than StartException", startFailure);
        }
        Statistics.label("start").collect(startFailure == null ? "succeeded" : "failed and rolled back");

        BackgroundCall stop = BackgroundCall.start("stop", () -> runner.stop(STOP_BOUND));
        stop.awaitSuccess(STOP_BOUND.plusSeconds(30));
        // stop returned, so every event of what it did and of what came before was delivered.
        List<ServiceEvent> seenByFirst = first.events();
        List<ServiceEvent> seenBySecond = second.events();

        Set<String> kinds = new HashSet<>();
        seenByFirst.forEach(e -> kinds.add(RecordingListener.nameOf(e)));
        Statistics.label("supervision").collect(kinds.contains("GaveUp") ? "gave up"
                : kinds.contains("Restarting") ? "restarted" : kinds.contains("Exited") ? "exited" : "no exit");

        for (TestService service : services.values()) {
            String name = service.name();
            List<ServiceEvent> events = seenByFirst.stream().filter(e -> e.service().equals(name)).toList();
            assertEquals(events, seenBySecond.stream().filter(e -> e.service().equals(name)).toList(),
                    "the two listeners got different events of " + name);
            assertIsAPathOfTheTable(name, events);
            assertMatchesTheCalls(service, events);
            assertAttemptsCountUp(name, events);
        }
    }

    private static void assertIsAPathOfTheTable(String name, List<ServiceEvent> events) {
        String previous = BEGIN;
        Instant previousAt = Instant.MIN;
        for (ServiceEvent event : events) {
            String current = RecordingListener.nameOf(event);
            assertTrue(NEXT.get(previous).contains(current),
                    name + ": " + current + " may not follow " + previous + " in " + names(events));
            assertFalse(event.at().isBefore(previousAt), name + ": events out of order in time: " + events);
            previous = current;
            previousAt = event.at();
        }
        assertTrue(NEXT.get(previous).contains(END), name + " may not end with " + previous + ": " + names(events));
    }

    /** A {@code Starting} for every start call, a {@code Started} for every start that returned, a stop for each. */
    private static void assertMatchesTheCalls(TestService service, List<ServiceEvent> events) {
        assertEquals(List.of(), service.violations(), service.name());
        assertEquals(service.starts(), count(events, "Starting"), service.name() + ": Starting vs start calls");
        assertEquals(service.startsReturned(), count(events, "Started"),
                service.name() + ": Started vs starts returned");
        assertEquals(service.stops(), count(events, "Stopping"), service.name() + ": Stopping vs stop calls");
        assertEquals(service.stops(), count(events, "Stopped"), service.name() + ": Stopped vs stop calls");
    }

    /** {@code Starting} counts attempts 1, 2, 3 ...; {@code Started} repeats its attempt; restarts count from 1. */
    private static void assertAttemptsCountUp(String name, List<ServiceEvent> events) {
        int attempt = 0;
        for (ServiceEvent event : events) {
            if (event instanceof Starting starting) {
                assertEquals(attempt + 1, starting.attempt(), name + ": " + events);
                attempt = starting.attempt();
            } else if (event instanceof Started started) {
                assertEquals(attempt, started.attempt(), name + ": " + events);
            } else if (event instanceof Restarting restarting) {
                assertTrue(restarting.restart() >= 1, name + ": " + restarting);
            }
        }
    }

    private static long count(List<ServiceEvent> events, String name) {
        return events.stream().filter(e -> RecordingListener.nameOf(e).equals(name)).count();
    }

    private static List<String> names(List<ServiceEvent> events) {
        return events.stream().map(RecordingListener::nameOf).toList();
    }
}
