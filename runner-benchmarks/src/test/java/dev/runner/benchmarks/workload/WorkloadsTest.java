package dev.runner.benchmarks.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadsTest {

    @Test
    void wideServicesAreIndependentAndTheirCriticalPathIsOneLatency() {
        Graph graph = Workloads.wide(1000);
        assertEquals(1000, graph.nodes().size());
        assertTrue(graph.independent());
        assertEquals(1, graph.depth());
    }

    @Test
    void chainDependsEachServiceOnTheOneBefore() {
        Graph graph = Workloads.chain(100);
        assertEquals(List.of(), graph.nodes().get(0).dependsOn());
        for (int i = 1; i < 100; i++) {
            assertEquals(List.of(graph.nodes().get(i - 1).name()), graph.nodes().get(i).dependsOn());
        }
        assertEquals(100, graph.depth());
    }

    @Test
    void layeredServicesDependOnDistinctServicesOfTheLayerBefore() {
        Graph graph = Workloads.layered(10, 100, 3, Workloads.LAYERED_SEED);
        assertEquals(1000, graph.nodes().size());
        assertEquals(10, graph.depth());
        for (int i = 0; i < graph.nodes().size(); i++) {
            Graph.Node node = graph.nodes().get(i);
            int layer = i / 100;
            assertEquals(layer == 0 ? 0 : 3, new HashSet<>(node.dependsOn()).size(), node.toString());
            for (String dependency : node.dependsOn()) {
                assertTrue(dependency.startsWith("l" + (layer - 1) + "-"), node.toString());
            }
        }
    }

    @Test
    void layeredGraphIsTheSameForTheSameSeedAndDiffersForAnother() {
        Graph graph = Workloads.layered(10, 100, 3, Workloads.LAYERED_SEED);
        assertEquals(graph, Workloads.layered(10, 100, 3, Workloads.LAYERED_SEED));
        assertNotEquals(graph, Workloads.layered(10, 100, 3, Workloads.LAYERED_SEED + 1));
    }

    @Test
    void applicationHasTwentyServicesInThreeLayers() {
        Graph graph = Workloads.application();
        assertEquals(Workloads.APPLICATION_SIZE, graph.nodes().size());
        List<List<Graph.Node>> levels = graph.levels();
        assertEquals(List.of(4, 10, 6), levels.stream().map(List::size).toList());
        for (Graph.Node node : levels.get(2)) {
            assertEquals(3, new HashSet<>(node.dependsOn()).size(), node.toString());
        }
        assertEquals(3, graph.depth());
    }

    @Test
    void levelsPutEachNodeOneAfterItsDeepestDependency() {
        Graph graph = new Graph(List.of(new Graph.Node("a", List.of()), new Graph.Node("b", List.of("a")),
                new Graph.Node("c", List.of()), new Graph.Node("d", List.of("a", "b"))));
        assertEquals(List.of(List.of("a", "c"), List.of("b"), List.of("d")),
                graph.levels().stream().map(level -> level.stream().map(Graph.Node::name).toList()).toList());
    }

    @Test
    void graphRejectsADependencyOnALaterOrUnknownNode() {
        var error = assertThrows(IllegalArgumentException.class, () -> new Graph(List.of(
                new Graph.Node("a", List.of("b")), new Graph.Node("b", List.of()))));
        assertEquals("\"a\" depends on \"b\", which is not an earlier node", error.getMessage());
    }

    @Test
    void dependentsAreTheReverseEdges() {
        Graph graph = Workloads.chain(3);
        assertEquals(List.of("c1"), graph.dependents().get("c0"));
        assertEquals(List.of(), graph.dependents().get("c2"));
    }
}
