package dev.runner.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphLayoutTest {

    @Test
    void aServiceSitsOneLayerBelowItsDeepestDependency() {
        List<List<String>> layers = GraphLayout.layers(List.of("api", "db", "cache", "web"), Map.of(
                "api", List.of("db", "cache"),
                "cache", List.of("db"),
                "web", List.of("api", "db")));

        assertEquals(List.of(List.of("db"), List.of("cache"), List.of("api"), List.of("web")), layers);
    }

    @Test
    void servicesWithNothingToWaitForShareTheFirstLayerInTheOrderAdded() {
        List<List<String>> layers = GraphLayout.layers(List.of("b", "a", "c"), Map.of("c", List.of("a")));

        assertEquals(List.of(List.of("b", "a"), List.of("c")), layers);
    }

    @Test
    void aCycleEndsAndKeepsEveryService() {
        List<List<String>> layers = GraphLayout.layers(List.of("a", "b", "c"), Map.of(
                "a", List.of("b"), "b", List.of("c"), "c", List.of("a")));

        assertEquals(3, layers.stream().mapToInt(List::size).sum());
    }

    @Test
    void unknownAndSelfDependenciesAreLeftOut() {
        List<List<String>> layers = GraphLayout.layers(List.of("a", "b"), Map.of(
                "a", List.of("a", "ghost"), "b", List.of("a")));

        assertEquals(List.of(List.of("a"), List.of("b")), layers);
    }

    @Test
    void noServicesNoLayers() {
        assertEquals(List.of(), GraphLayout.layers(List.of(), Map.of()));
    }
}
