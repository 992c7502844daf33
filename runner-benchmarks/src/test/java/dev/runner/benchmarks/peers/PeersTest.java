package dev.runner.benchmarks.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Context;
import dev.runner.Health;
import dev.runner.Service;
import dev.runner.benchmarks.workload.Graph;
import dev.runner.benchmarks.workload.Workload;
import dev.runner.benchmarks.workload.Workloads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PeersTest {

    /** Stamps each call's entry and return with a global sequence number. */
    static final class Recorder {
        final AtomicLong clock = new AtomicLong();
        final Map<String, long[]> starts = new ConcurrentHashMap<>();
        final Map<String, long[]> stops = new ConcurrentHashMap<>();

        Service service(String name) {
            return new Service() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public void start(Context context) throws InterruptedException {
                    long entered = clock.incrementAndGet();
                    Thread.sleep(1);
                    starts.put(name, new long[] {entered, clock.incrementAndGet()});
                }

                @Override
                public void stop(Context context) throws InterruptedException {
                    long entered = clock.incrementAndGet();
                    Thread.sleep(1);
                    stops.put(name, new long[] {entered, clock.incrementAndGet()});
                }
            };
        }
    }

    @ParameterizedTest
    @EnumSource(value = Peer.class, names = {"SEQUENTIAL", "PLATFORM_POOL", "VIRTUAL_THREADS", "GUAVA"})
    void graphPeersStartEachServiceAfterItsDependenciesAndStopItAfterItsDependents(Peer peer) throws Exception {
        Graph graph = Workloads.layered(4, 8, 3, Workloads.LAYERED_SEED);
        Recorder recorder = new Recorder();
        ServiceGroup group = peer.group(Workload.of(graph, recorder::service));

        group.start();
        group.stop();

        assertEquals(graph.nodes().size(), recorder.starts.size());
        assertEquals(graph.nodes().size(), recorder.stops.size());
        for (Graph.Node node : graph.nodes()) {
            for (String dependency : node.dependsOn()) {
                assertTrue(recorder.starts.get(dependency)[1] < recorder.starts.get(node.name())[0],
                        node.name() + " started before " + dependency + " was up");
                assertTrue(recorder.stops.get(node.name())[1] < recorder.stops.get(dependency)[0],
                        dependency + " stopped before its dependent " + node.name());
            }
        }
    }

    @Test
    void platformPoolRunsIndependentServicesConcurrently() throws Exception {
        // Each start waits until both are inside start: run one at a time, the barrier would break
        // (after a bound generous enough for a busy machine) and the group's start would throw.
        CyclicBarrier bothInside = new CyclicBarrier(2);
        List<String> started = new CopyOnWriteArrayList<>();
        ServiceGroup group = FutureGraphGroup.onPlatformPool(Workload.of(Workloads.wide(2), name -> new Service() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start(Context context) throws Exception {
                bothInside.await(30, TimeUnit.SECONDS);
                started.add(name);
            }

            @Override
            public void stop(Context context) {
            }
        }), 2);
        group.start();
        group.stop();
        assertEquals(2, started.size(), "both starts passed the barrier together");
    }

    @ParameterizedTest
    @EnumSource(value = Peer.class, names = {"SEQUENTIAL", "PLATFORM_POOL", "VIRTUAL_THREADS", "GUAVA"})
    void peersReportTheHealthOfEveryService(Peer peer) throws Exception {
        Recorder recorder = new Recorder();
        ServiceGroup group = peer.group(Workload.of(Workloads.wide(5), recorder::service));
        group.start();
        try {
            Object report = group.health();
            if (report instanceof Map<?, ?> byName) {
                assertEquals(5, byName.size());
                assertTrue(byName.values().stream().allMatch(h -> ((Health) h).healthy()));
            } else {
                assertEquals(5, ((com.google.common.collect.Multimap<?, ?>) report).size());
            }
        } finally {
            group.stop();
        }
        assertEquals(5, recorder.stops.size());
    }

    @Test
    void benchmarkMethodNamesPickTheirPeer() {
        List<Peer> peers = new ArrayList<>();
        for (String method : List.of("runner", "sequential", "platformPool", "virtualThreads", "x.y.WideStartBenchmark.guava")) {
            peers.add(Peer.ofMethod(method));
        }
        assertEquals(List.of(Peer.RUNNER, Peer.SEQUENTIAL, Peer.PLATFORM_POOL, Peer.VIRTUAL_THREADS, Peer.GUAVA), peers);
        assertThrows(IllegalArgumentException.class, () -> Peer.ofMethod("runnerFast"));
    }
}
