package dev.runner.engine;

import static dev.runner.engine.Messages.quote;

import dev.runner.StartException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated dependency graph of a runner's services, by index in the order they were added.
 *
 * <p>Invariants: every dependency names an added service other than itself, and there is no
 * cycle; {@link #topologicalOrder()} lists each service after all of its dependencies.
 */
final class DependencyGraph {

    private final int[][] dependencies;
    private final int[][] dependents;
    private final int[] topologicalOrder;

    private DependencyGraph(int[][] dependencies, int[][] dependents, int[] topologicalOrder) {
        this.dependencies = dependencies;
        this.dependents = dependents;
        this.topologicalOrder = topologicalOrder;
    }

    /**
     * Validates the graph.
     *
     * @param names     the services' names, in the order they were added
     * @param dependsOn each service's dependencies by name, in the same order
     * @throws StartException for a missing dependency ({@code "api" depends on unknown service
     *                        "db"}), a self-dependency or a cycle (with its path: {@code a -> b -> a})
     */
    static DependencyGraph of(List<String> names, List<List<String>> dependsOn) {
        int n = names.size();
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            index.put(names.get(i), i);
        }
        int[][] dependencies = new int[n][];
        int[] dependentCount = new int[n];
        for (int i = 0; i < n; i++) {
            List<String> deps = dependsOn.get(i);
            dependencies[i] = new int[deps.size()];
            for (int d = 0; d < deps.size(); d++) {
                String dep = deps.get(d);
                Integer j = index.get(dep);
                if (j == null) {
                    throw new StartException(quote(names.get(i)) + " depends on unknown service " + quote(dep), null, null);
                }
                if (j == i) {
                    throw new StartException(quote(dep) + " depends on itself", null, null);
                }
                dependencies[i][d] = j;
                dependentCount[j]++;
            }
        }
        int[][] dependents = new int[n][];
        for (int i = 0; i < n; i++) {
            dependents[i] = new int[dependentCount[i]];
        }
        int[] filled = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j : dependencies[i]) {
                dependents[j][filled[j]++] = i;
            }
        }
        return new DependencyGraph(dependencies, dependents, order(names, dependencies));
    }

    /** Returns the indexes of the services {@code service} depends on. */
    int[] dependencies(int service) {
        return dependencies[service];
    }

    /** Returns the indexes of the services that depend on {@code service}. */
    int[] dependents(int service) {
        return dependents[service];
    }

    /** Returns every index, each after all of its dependencies. */
    int[] topologicalOrder() {
        return topologicalOrder.clone();
    }

    /**
     * Orders the graph by an iterative depth-first search (no recursion, so a chain of any length
     * fits the stack); a dependency met while still on the path closes a cycle.
     */
    private static int[] order(List<String> names, int[][] dependencies) {
        int n = dependencies.length;
        final int unseen = 0, onPath = 1, done = 2;
        int[] mark = new int[n];
        int[] next = new int[n];                // per service: the next dependency to visit
        int[] order = new int[n];
        int ordered = 0;
        Deque<Integer> path = new ArrayDeque<>();
        for (int root = 0; root < n; root++) {
            if (mark[root] != unseen) {
                continue;
            }
            mark[root] = onPath;
            path.push(root);
            while (!path.isEmpty()) {
                int service = path.peek();
                if (next[service] < dependencies[service].length) {
                    int dep = dependencies[service][next[service]++];
                    if (mark[dep] == onPath) {
                        throw new StartException("dependency cycle: " + cycle(names, path, dep), null, null);
                    }
                    if (mark[dep] == unseen) {
                        mark[dep] = onPath;
                        path.push(dep);
                    }
                } else {
                    path.pop();
                    mark[service] = done;
                    order[ordered++] = service;
                }
            }
        }
        return order;
    }

    /** Returns the cycle through {@code closing} as {@code a -> b -> c -> a}, in dependency direction. */
    private static String cycle(List<String> names, Deque<Integer> path, int closing) {
        List<String> cycle = new ArrayList<>();
        // path holds the newest service first; walk from the oldest up to the one closing the cycle
        boolean inCycle = false;
        for (var it = path.descendingIterator(); it.hasNext(); ) {
            int service = it.next();
            inCycle |= service == closing;
            if (inCycle) {
                cycle.add(names.get(service));
            }
        }
        cycle.add(names.get(closing));
        return String.join(" -> ", cycle);
    }
}
