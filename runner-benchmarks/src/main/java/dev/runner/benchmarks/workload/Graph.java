package dev.runner.benchmarks.workload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shape of a workload: services by name and what each depends on, shared by every peer so all
 * of them run the same graph.
 *
 * <p>Invariants: names are unique; every dependency names an earlier node, so the list order is a
 * topological order and the graph has no cycle.
 *
 * @param nodes the services in topological order
 */
public record Graph(List<Node> nodes) {

    /**
     * One service of a graph.
     *
     * @param name      the service's name
     * @param dependsOn the names of the services it waits for
     */
    public record Node(String name, List<String> dependsOn) {
        /** @throws NullPointerException if {@code name} or {@code dependsOn} is null */
        public Node {
            Objects.requireNonNull(name, "name");
            dependsOn = List.copyOf(dependsOn);
        }
    }

    /**
     * Checks the invariants.
     *
     * @throws IllegalArgumentException if a name repeats or a dependency is not an earlier node
     */
    public Graph {
        nodes = List.copyOf(nodes);
        Map<String, Node> seen = new HashMap<>();
        for (Node node : nodes) {
            for (String dependency : node.dependsOn()) {
                if (!seen.containsKey(dependency)) {
                    throw new IllegalArgumentException(
                            "\"" + node.name() + "\" depends on \"" + dependency + "\", which is not an earlier node");
                }
            }
            if (seen.put(node.name(), node) != null) {
                throw new IllegalArgumentException("duplicate node \"" + node.name() + "\"");
            }
        }
    }

    /**
     * Returns the nodes in reverse topological order: each after everything that depends on it.
     *
     * @return a new list
     */
    public List<Node> reverseOrder() {
        List<Node> reversed = new ArrayList<>(nodes);
        Collections.reverse(reversed);
        return reversed;
    }

    /**
     * Returns, for each node, the names of the nodes that depend on it.
     *
     * @return node name to its dependents, every node present
     */
    public Map<String, List<String>> dependents() {
        Map<String, List<String>> dependents = new LinkedHashMap<>();
        for (Node node : nodes) {
            dependents.put(node.name(), new ArrayList<>());
        }
        for (Node node : nodes) {
            for (String dependency : node.dependsOn()) {
                dependents.get(dependency).add(node.name());
            }
        }
        return dependents;
    }

    /**
     * Returns the number of nodes on the longest dependency chain: the critical path in units of
     * one start latency when every service takes the same time to start.
     *
     * @return the depth, 0 for an empty graph
     */
    public int depth() {
        return levels().size();
    }

    /**
     * Returns the nodes grouped by depth: first those that depend on nothing, then those whose
     * dependencies are all in the groups before, each group in the graph's order. Starting the
     * groups one after another, each in full, respects every dependency.
     *
     * @return {@link #depth()} lists of nodes, none empty
     */
    public List<List<Node>> levels() {
        Map<String, Integer> depth = new HashMap<>();
        List<List<Node>> levels = new ArrayList<>();
        for (Node node : nodes) {
            int d = 0;
            for (String dependency : node.dependsOn()) {
                d = Math.max(d, depth.get(dependency) + 1);
            }
            depth.put(node.name(), d);
            if (d == levels.size()) {
                levels.add(new ArrayList<>());
            }
            levels.get(d).add(node);
        }
        return levels;
    }

    /**
     * Tells whether no node depends on another (the only shape Guava's ServiceManager expresses).
     *
     * @return true when every node is independent
     */
    public boolean independent() {
        return nodes.stream().allMatch(node -> node.dependsOn().isEmpty());
    }
}
