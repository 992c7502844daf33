package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.RunPhase;
import dev.runner.Runner;
import dev.runner.RunnerStatus;
import dev.runner.ServiceEvent;
import dev.runner.ServiceState;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * Random dependency graphs with random {@code bindsTo} edges and critical services, run as a child
 * of a parent runner, with failed exits injected into running instances: whatever happens, the
 * supervision invariants of DESIGN.md, version 2, hold.
 *
 * <ul>
 *   <li>A bound service never runs while its dependency is stopped or restarting: no instance of
 *       it (from its start call to the end of its stop) overlaps the time from the dependency's
 *       stop to the return of the dependency's next start.</li>
 *   <li>Only a critical service gives up here (the others restart without limit), and only after
 *       enough failures of its own: restarts with a dependency do not use up its retries.</li>
 *   <li>A critical give-up fails the child: it stops by itself, every started instance stopped
 *       exactly once; its phase is {@code FAILED} and it is not live; the parent sees the child's
 *       exit with a cause.</li>
 * </ul>
 */
@AddLifecycleHook(StressTries.class)
class SupervisionGraphPropertyTest {

    private static final int MAX_SERVICES = 12;
    private static final Duration BOUND = Eventually.BOUND;
    private static final String CHILD = "child";

    /** A failure made by the test; without a stack trace, so the engine's log of it stays short. */
    private static final class InjectedExit extends IOException {
        InjectedExit(String instance) {
            super("injected exit of " + instance);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    @Property(tries = 50, shrinking = ShrinkingMode.OFF)
    void boundServicesFollowTheirDependenciesAndCriticalGiveUpsFailTheRunner(@ForAll long seed) {
        SupervisedGraph graph = SupervisedGraph.generate(seed, MAX_SERVICES);
        EventLog log = new EventLog();
        SupervisionListener childEvents = new SupervisionListener();
        SupervisionListener parentEvents = new SupervisionListener();
        Map<String, TestService> services = new LinkedHashMap<>();
        Runner child = Runner.create(CHILD);
        Runner parent = Runner.create("parent-" + Long.toHexString(seed));
        try {
            for (SupervisedGraph.Member member : graph.members()) {
                TestService service = new TestService(member.name(), log);
                services.put(member.name(), service);
                child.add(service, member.options());
            }
            parent.add(child, Option.restartPolicy(RestartPolicy.NEVER), Option.healthCheck(Duration.ofHours(1), Duration.ofSeconds(5)));
            child.addListener(childEvents);
            parent.addListener(parentEvents);
            parent.start(BOUND);
            // The parent's one check of the child, right after its start, is done before any exit.
            Eventually.until(() -> parent.status().services().get(CHILD).lastCheck() != null, log::dump);

            Map<String, Integer> failures = injectExits(graph, services, child, log);
            boolean failed = settle(child, log);

            if (failed) {
                checkFailedChild(child, parent, childEvents, parentEvents, graph);
            } else {
                checkLiveChild(child, childEvents);
            }
            parent.stop(BOUND);
            assertFalse(parent.isRunning());
            assertFalse(child.isRunning());
            assertStartsAndStopsArePaired(services);
            assertOnlyCriticalServicesGaveUpAfterFailuresOfTheirOwn(graph, childEvents, failures);
            assertBoundServicesWereDownWhileTheirDependencyWas(graph, log, gaveUp(childEvents));

            Statistics.label("outcome").collect(failed ? "critical gave up" : "stopped by the test");
            Statistics.label("bindings").collect(graph.hasBindings() ? "some" : "none");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e + "\n" + graph + "log:\n" + log.dump() + "child events:\n" + childEvents.dump()
                    + "parent events:\n" + parentEvents.dump(), e);
        } finally {
            stopQuietly(parent);
            stopQuietly(child);
        }
    }

    /**
     * Makes the running instance of each listed service exit with a failure, in turn, waiting each
     * time until that instance was stopped (by its restart, its giving up, or the runner's
     * failure); stops early once the child failed. Returns the failures made, by service.
     */
    private static Map<String, Integer> injectExits(SupervisedGraph graph, Map<String, TestService> services,
                                                    Runner child, EventLog log) {
        Map<String, Integer> failures = new HashMap<>();
        for (String name : graph.exits()) {
            if (child.status().phase() == RunPhase.FAILED) {
                break;
            }
            TestService service = services.get(name);
            int instance = service.starts();
            if (!service.isUp() || log.find(name, instance, Event.Kind.STARTED).isEmpty()
                    || log.find(name, instance, Event.Kind.STOP_BEGIN).isPresent()) {
                continue;
            }
            service.startContext(instance).exited(new InjectedExit(name + "/" + instance));
            failures.merge(name, 1, Integer::sum);
            Eventually.until(() -> log.find(name, instance, Event.Kind.STOPPED).isPresent()
                    || log.find(name, instance, Event.Kind.STOP_FAILED).isPresent(), log::dump);
        }
        return failures;
    }

    /**
     * Waits until the child failed, or every service runs again after its restarts; returns
     * whether it failed.
     */
    private static boolean settle(Runner child, EventLog log) {
        Eventually.until(() -> {
            RunnerStatus status = child.status();
            return status.phase() == RunPhase.FAILED
                    || status.services().values().stream().allMatch(s -> s.state() == ServiceState.RUNNING);
        }, () -> child.status() + "\n" + log.dump());
        return child.status().phase() == RunPhase.FAILED;
    }

    private static void checkFailedChild(Runner child, Runner parent, SupervisionListener childEvents,
                                         SupervisionListener parentEvents, SupervisedGraph graph) {
        try {
            assertTrue(child.awaitStopped(BOUND), "the failed child did not stop by itself");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        RunnerStatus status = child.status();
        assertEquals(RunPhase.FAILED, status.phase(), status.toString());
        assertFalse(status.live(), status.toString());
        Eventually.until(() -> gaveUp(childEvents).stream().anyMatch(name -> graph.member(name).critical()),
                () -> "the child failed with no critical service giving up; events:\n" + childEvents.dump());
        Eventually.until(() -> parentEvents.has(CHILD, ServiceEvent.Exited.class), parentEvents::dump);
        assertNotNull(parentEvents.first(CHILD, ServiceEvent.Exited.class).orElseThrow().cause(),
                "the parent sees the child's exit as a failure");
        Eventually.until(() -> parent.status().services().get(CHILD).state() == ServiceState.FAILED,
                () -> parent.status().toString());
    }

    private static void checkLiveChild(Runner child, SupervisionListener childEvents) {
        RunnerStatus status = child.status();
        assertTrue(status.live(), status.toString());
        assertEquals(RunPhase.RUNNING, status.phase(), status.toString());
        assertEquals(Set.of(), gaveUp(childEvents), "no service gave up, yet the child did not fail");
    }

    private static Set<String> gaveUp(SupervisionListener events) {
        return events.all().stream().filter(e -> e instanceof ServiceEvent.GaveUp).map(ServiceEvent::service)
                .collect(Collectors.toSet());
    }

    /** Every start that returned normally has exactly one stop. */
    private static void assertStartsAndStopsArePaired(Map<String, TestService> services) {
        for (TestService s : services.values()) {
            assertEquals(List.of(), s.violations(), s.name());
            assertEquals(s.startsReturned(), s.stops(), s.name() + ": starts returned vs stops");
            assertFalse(s.isUp(), s.name() + " still up");
        }
    }

    private static void assertOnlyCriticalServicesGaveUpAfterFailuresOfTheirOwn(
            SupervisedGraph graph, SupervisionListener events, Map<String, Integer> failures) {
        for (String name : gaveUp(events)) {
            SupervisedGraph.Member member = graph.member(name);
            assertTrue(member.critical(), name + " gave up but restarts without limit");
            int own = failures.getOrDefault(name, 0);
            assertTrue(own >= member.failuresToGiveUp(), name + " gave up after " + own + " failures of its own, "
                    + "but it takes " + member.failuresToGiveUp() + ": restarts with a dependency used up its retries");
        }
    }

    /**
     * For each {@code bindsTo} edge, no instance of the bound service (from its start call to the
     * end of its stop) overlaps a time its dependency was down: from the dependency's stop to the
     * return of its next start. After giving up, a dependency's last stop has no order with its
     * bound services' stops, so that time begins at the end of that stop.
     */
    private static void assertBoundServicesWereDownWhileTheirDependencyWas(SupervisedGraph graph, EventLog log,
                                                                           Set<String> gaveUp) {
        Map<String, List<Event>> byService = log.all().stream().collect(Collectors.groupingBy(Event::service));
        for (SupervisedGraph.Member bound : graph.members()) {
            for (String dependency : bound.bindsTo()) {
                List<Event> depEvents = byService.getOrDefault(dependency, List.of());
                int lastStopped = depEvents.stream().filter(e -> e.kind() == Event.Kind.STOP_BEGIN)
                        .mapToInt(Event::instance).max().orElse(0);
                for (int i = 1; i <= lastStopped; i++) {
                    Event stopBegin = first(depEvents, i, Event.Kind.STOP_BEGIN);
                    if (stopBegin == null) {
                        continue;
                    }
                    long from = i == lastStopped && gaveUp.contains(dependency)
                            ? end(depEvents, i, Event.Kind.STOPPED, Event.Kind.STOP_FAILED) : stopBegin.seq();
                    Event next = first(depEvents, i + 1, Event.Kind.STARTED);
                    long to = next == null ? Long.MAX_VALUE : next.seq();
                    assertNoInstanceWithin(bound.name(), byService.getOrDefault(bound.name(), List.of()), from, to,
                            dependency + "/" + i);
                }
            }
        }
    }

    private static void assertNoInstanceWithin(String name, List<Event> events, long from, long to, String down) {
        for (Event begin : events) {
            if (begin.kind() != Event.Kind.START_BEGIN) {
                continue;
            }
            long end = end(events, begin.instance(), Event.Kind.STOPPED, Event.Kind.STOP_FAILED, Event.Kind.START_FAILED);
            if (begin.seq() < to && end > from) {
                fail(name + "/" + begin.instance() + " (#" + begin.seq() + " to #" + end + ") ran while its dependency "
                        + down + " was down (#" + from + " to #" + (to == Long.MAX_VALUE ? "end" : to) + ")");
            }
        }
    }

    /** Returns the sequence number of the instance's first event of one of the kinds, or the end of time. */
    private static long end(List<Event> events, int instance, Event.Kind... kinds) {
        List<Event.Kind> wanted = List.of(kinds);
        return events.stream().filter(e -> e.instance() == instance && wanted.contains(e.kind()))
                .mapToLong(Event::seq).min().orElse(Long.MAX_VALUE);
    }

    private static Event first(List<Event> events, int instance, Event.Kind kind) {
        return events.stream().filter(e -> e.instance() == instance && e.kind() == kind).findFirst().orElse(null);
    }

    private static void stopQuietly(Runner runner) {
        try {
            runner.stop(BOUND);
        } catch (RuntimeException ignored) {
            // Cleanup only; the checks above already ran.
        }
    }
}
