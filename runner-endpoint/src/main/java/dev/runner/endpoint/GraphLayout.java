package dev.runner.endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts the services of a dependency graph in layers for drawing: a service's layer is the length
 * of the longest path from it down to a service with no dependencies, so every dependency is in a
 * layer above its dependents, and services with nothing to wait for are in the first layer.
 *
 * <p>The graph is whatever was added, so it may hold a cycle (the runner refuses to start then, and
 * the picture must still show it) or a dependency that was never added: a name not among the
 * services is left out, and layers grow at most to the number of services, so a cycle ends the
 * relaxation instead of looping. The layers keep the order in which the services were added.
 */
final class GraphLayout {

    private GraphLayout() {
    }

    /**
     * Returns the services in layers, the first layer at the top.
     *
     * @param names     the services, in the order they were added
     * @param dependsOn each service's dependencies; a missing entry means none
     */
    static List<List<String>> layers(List<String> names, Map<String, List<String>> dependsOn) {
        Map<String, Integer> layer = new HashMap<>();
        names.forEach(name -> layer.put(name, 0));
        int deepest = Math.max(0, names.size() - 1);
        boolean changed = true;
        for (int round = 0; changed && round < names.size(); round++) {
            changed = false;
            for (String name : names) {
                for (String dependency : dependsOn.getOrDefault(name, List.of())) {
                    Integer above = layer.get(dependency);
                    if (above != null && !dependency.equals(name)) {
                        int wanted = Math.min(above + 1, deepest);
                        if (wanted > layer.get(name)) {
                            layer.put(name, wanted);
                            changed = true;
                        }
                    }
                }
            }
        }
        Map<Integer, List<String>> byLayer = new TreeMap<>();
        for (String name : names) {
            byLayer.computeIfAbsent(layer.get(name), k -> new ArrayList<>()).add(name);
        }
        return List.copyOf(byLayer.values());
    }
}
