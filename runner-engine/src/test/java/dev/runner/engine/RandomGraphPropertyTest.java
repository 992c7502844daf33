package dev.runner.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runner.Option;
import dev.runner.Runner;
import dev.runner.ServiceHealth;
import dev.runner.ServiceState;
import dev.runner.StartException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * Random dependency graphs of up to 200 services, with starts that throw or hang, services that
 * exit by themselves and slow stops: whatever happens, the contract's invariants hold.
 */
@AddLifecycleHook(StressTries.class)
class RandomGraphPropertyTest {

    private static final int MAX_SERVICES = 200;
    private static final Duration START_BOUND = Duration.ofSeconds(60);
    private static final Duration STOP_BOUND = Duration.ofSeconds(60);

    @Property(tries = 80, shrinking = ShrinkingMode.OFF)
    void randomGraphsKeepTheStartAndStopInvariants(@ForAll long seed) {
        RandomGraph graph = RandomGraph.generate(seed, MAX_SERVICES);
        EventLog log = new EventLog();
        Map<String, TestService> services = new HashMap<>();
        Runner runner = Runner.create("prop" + Long.toHexString(seed));
        try {
            for (RandomGraph.Node node : graph.nodes()) {
                TestService service = build(node, log);
                services.put(node.name(), service);
                runner.add(service, options(node));
            }
            check(graph, runner, services, log);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e + "\n" + graph + "log:\n" + log.dump(), e);
        } finally {
            try {
                runner.stop(Duration.ofSeconds(30));
            } catch (RuntimeException ignored) {
                // Cleanup only; the checks above already ran.
            }
        }
    }

    private static TestService build(RandomGraph.Node node, EventLog log) {
        TestService service = new TestService(node.name(), log);
        switch (node.fault()) {
            case THROW -> service.failStart(new IOException("injected failure of " + node.name()));
            case HANG -> service.hangInStart();
            case NONE -> service.onStart((context, instance) -> {
                if (node.startMillis() > 0) {
                    Thread.sleep(node.startMillis());
                }
                if (node.exits()) {
                    Thread.ofVirtual().name("test-exit-" + node.name()).start(() -> exitSoon(node, service, log, instance));
                }
            });
        }
        if (node.stopMillis() > 0) {
            service.onStop((context, instance) -> Thread.sleep(node.stopMillis()));
        }
        return service;
    }

    /** Reports an exit from another thread once the instance's start has returned. */
    private static void exitSoon(RandomGraph.Node node, TestService service, EventLog log, int instance) {
        try {
            long giveUp = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (log.find(node.name(), instance, Event.Kind.STARTED).isEmpty()) {
                if (System.nanoTime() > giveUp || log.find(node.name(), instance, Event.Kind.START_FAILED).isPresent()) {
                    return;
                }
                Thread.sleep(1);
            }
            Thread.sleep(instance % 5);
            service.startContext(instance).exited(node.exitFails() ? new IOException("injected exit") : null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Option[] options(RandomGraph.Node node) {
        List<Option> options = new ArrayList<>();
        if (!node.dependsOn().isEmpty()) {
            options.add(Option.dependsOn(node.dependsOn().toArray(String[]::new)));
        }
        if (node.fault() == RandomGraph.Fault.HANG) {
            options.add(Option.startTimeout(Duration.ofMillis(150)));
        }
        options.add(Option.restartPolicy(node.policy()));
        options.add(Option.maxRetries(2));
        options.add(Option.backoff(Duration.ofMillis(1), Duration.ofMillis(2), 2.0));
        return options.toArray(Option[]::new);
    }

    private static void check(RandomGraph graph, Runner runner, Map<String, TestService> services, EventLog log) {
        BackgroundCall start = BackgroundCall.start("start", () -> runner.start(START_BOUND));
        Throwable startFailure = start.awaitOutcome(START_BOUND.plusSeconds(30));
        if (startFailure != null && !(startFailure instanceof StartException)) {
            throw new AssertionError("start threw something else than StartException", startFailure);
        }
        if (graph.hasStartFaults()) {
            assertTrue(startFailure instanceof StartException, "a start that throws or hangs must fail the start");
            if (!graph.hasExits()) {
                String failed = ((StartException) startFailure).service();
                RandomGraph.Node culprit = graph.nodes().stream().filter(n -> n.name().equals(failed)).findFirst()
                        .orElseGet(() -> fail("StartException names \"" + failed + "\", not a service of the graph: "
                                + Causes.describe(startFailure)));
                assertTrue(culprit.fault() != RandomGraph.Fault.NONE,
                        "StartException names " + failed + ", whose start neither throws nor hangs");
            }
        } else if (!graph.hasExits()) {
            assertEquals(null, startFailure, "nothing was injected, so start must succeed");
        }
        if (startFailure != null) {
            assertFalse(runner.isRunning(), "a failed start leaves the runner not running");
        }
        // Shown in jqwik's report, so a reader sees the tries cover both outcomes and all sizes.
        Statistics.label("start").collect(startFailure == null ? "succeeded" : "failed and rolled back");
        Statistics.label("services").collect(graph.nodes().size() <= 10 ? "1-10" : graph.nodes().size() <= 100 ? "11-100" : "101-200");

        log.mark("stop called");
        BackgroundCall stop = BackgroundCall.start("stop", () -> runner.stop(STOP_BOUND));
        stop.awaitSuccess(STOP_BOUND.plusSeconds(30));
        Event stopped = log.mark("stop returned");

        assertFalse(runner.isRunning());
        assertStartsAndStopsArePaired(services, log);
        assertDependenciesWereUpWhenDependentsStarted(graph, log);
        assertDependentsStoppedFirst(graph, log);
        assertNothingStartedAfterStop(log, stopped);
        assertNoThreadOfTheRunnerIsLeft(runner, services);
        for (Map.Entry<String, ServiceHealth> entry : runner.healthStatus().services().entrySet()) {
            ServiceHealth health = entry.getValue();
            assertFalse(health.running(), entry.getKey() + " still running: " + health);
            assertTrue(Set.of(ServiceState.NEW, ServiceState.STOPPED, ServiceState.FAILED).contains(health.state()),
                    entry.getKey() + " in state " + health.state() + " after stop");
        }
    }

    /** Every start that returned normally has exactly one stop; a start that threw has none. */
    private static void assertStartsAndStopsArePaired(Map<String, TestService> services, EventLog log) {
        for (TestService s : services.values()) {
            assertEquals(List.of(), s.violations(), s.name());
            assertEquals(s.startsReturned(), s.stops(), s.name() + ": starts returned vs stops");
        }
    }

    /**
     * No service's first start began before each dependency's first start returned; and, for a
     * dependency that never exits by itself, before it was checked healthy, nor after it began
     * stopping.
     */
    private static void assertDependenciesWereUpWhenDependentsStarted(RandomGraph graph, EventLog log) {
        Map<String, List<Event>> byService = log.all().stream().collect(Collectors.groupingBy(Event::service));
        Map<String, RandomGraph.Node> nodes = graph.nodes().stream().collect(Collectors.toMap(RandomGraph.Node::name, n -> n));
        for (RandomGraph.Node node : graph.nodes()) {
            Event begin = first(byService, node.name(), 1, Event.Kind.START_BEGIN);
            if (begin == null) {
                continue;
            }
            for (String dependency : node.dependsOn()) {
                Event ready = first(byService, dependency, 1, Event.Kind.STARTED);
                assertTrue(ready != null && ready.seq() < begin.seq(),
                        node.name() + " began its start before its dependency " + dependency + " had started");
                if (!nodes.get(dependency).exits()) {
                    // With no startup grace, ready means a check passed after start returned.
                    boolean checkedUp = byService.get(dependency).stream().anyMatch(e -> e.kind() == Event.Kind.HEALTH
                            && e.detail().equals("up") && e.seq() > ready.seq() && e.seq() < begin.seq());
                    assertTrue(checkedUp, node.name() + " began its start before its dependency " + dependency
                            + " was checked healthy");
                    Event stopping = first(byService, dependency, 1, Event.Kind.STOP_BEGIN);
                    assertTrue(stopping == null || stopping.seq() > begin.seq(),
                            node.name() + " began its start after its dependency " + dependency + " began stopping");
                }
            }
        }
    }

    /**
     * A dependency that never exits by itself is stopped only by the runner (its final stop or a
     * rollback), and only after every instance of each dependent that had started was stopped.
     */
    private static void assertDependentsStoppedFirst(RandomGraph graph, EventLog log) {
        Map<String, List<Event>> byService = log.all().stream().collect(Collectors.groupingBy(Event::service));
        Map<String, RandomGraph.Node> nodes = graph.nodes().stream().collect(Collectors.toMap(RandomGraph.Node::name, n -> n));
        for (RandomGraph.Node dependent : graph.nodes()) {
            for (String dependency : dependent.dependsOn()) {
                if (nodes.get(dependency).exits()) {
                    continue;
                }
                Event stopping = first(byService, dependency, 1, Event.Kind.STOP_BEGIN);
                if (stopping == null) {
                    continue;
                }
                for (Event started : byService.getOrDefault(dependent.name(), List.of())) {
                    if (started.kind() != Event.Kind.STARTED || started.seq() > stopping.seq()) {
                        continue;
                    }
                    Event done = first(byService, dependent.name(), started.instance(), Event.Kind.STOPPED);
                    if (done == null) {
                        done = first(byService, dependent.name(), started.instance(), Event.Kind.STOP_FAILED);
                    }
                    assertTrue(done != null && done.seq() < stopping.seq(), dependency + " began stopping before its dependent "
                            + dependent.name() + "/" + started.instance() + " had stopped");
                }
                for (Event begin : byService.getOrDefault(dependent.name(), List.of())) {
                    assertFalse(begin.kind() == Event.Kind.START_BEGIN && begin.seq() > stopping.seq(),
                            dependent.name() + "/" + begin.instance() + " began starting after its dependency "
                                    + dependency + " began stopping");
                }
            }
        }
    }

    private static void assertNothingStartedAfterStop(EventLog log, Event stopped) {
        List<Event> late = log.all().stream()
                .filter(e -> e.seq() > stopped.seq() && (e.kind() == Event.Kind.START_BEGIN || e.kind() == Event.Kind.STOP_BEGIN))
                .toList();
        assertEquals(List.of(), late, "calls made after stop returned");
    }

    /** Every thread that ran a service's call has ended, and no platform thread of the runner is alive. */
    private static void assertNoThreadOfTheRunnerIsLeft(Runner runner, Map<String, TestService> services) {
        List<Thread> used = services.values().stream().flatMap(s -> s.threads().stream())
                .filter(t -> t != Thread.currentThread()).distinct().toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> used.stream().noneMatch(Thread::isAlive));
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().contains(runner.name())));
    }

    private static Event first(Map<String, List<Event>> byService, String service, int instance, Event.Kind kind) {
        for (Event e : byService.getOrDefault(service, List.of())) {
            if (e.instance() == instance && e.kind() == kind) {
                return e;
            }
        }
        return null;
    }
}
