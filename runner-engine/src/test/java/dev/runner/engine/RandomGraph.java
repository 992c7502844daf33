package dev.runner.engine;

import dev.runner.RestartPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A random dependency graph (a DAG) of services with faults injected, made from a seed so a
 * failing case can be replayed.
 *
 * @param seed  the seed it was made from
 * @param nodes the services, in the order they are added to the runner
 */
record RandomGraph(long seed, List<Node> nodes) {

    /** What goes wrong in a service's start. */
    enum Fault {
        /** Nothing. */
        NONE,
        /** {@code start} throws. */
        THROW,
        /** {@code start} blocks until interrupted; the service has a small start timeout. */
        HANG
    }

    /**
     * One service of the graph.
     *
     * @param name        its name
     * @param dependsOn   the services it depends on, all created before it in the graph's order
     * @param fault       what goes wrong in its start
     * @param startMillis how long its start works before returning
     * @param exits       whether each of its instances reports an exit shortly after starting
     * @param exitFails   whether that exit carries a cause
     * @param policy      its restart policy
     * @param stopMillis  how long its stop works
     */
    record Node(String name, List<String> dependsOn, Fault fault, int startMillis, boolean exits,
                boolean exitFails, RestartPolicy policy, int stopMillis) {
    }

    /** Makes a graph of up to {@code maxServices} services from {@code seed}. */
    static RandomGraph generate(long seed, int maxServices) {
        Random random = new Random(seed);
        int size = random.nextInt(4) == 0 ? 1 + random.nextInt(10) : 1 + random.nextInt(maxServices);
        boolean faulty = random.nextInt(3) != 0;
        double throwChance = faulty ? random.nextDouble() * 2.0 / size : 0;
        double hangChance = faulty ? random.nextDouble() * 1.5 / size : 0;
        double exitChance = random.nextBoolean() ? random.nextDouble() * 0.1 : 0;
        double slowStopChance = random.nextDouble() * 0.3;
        double slowStartChance = random.nextDouble() * 0.3;
        RestartPolicy[] policies = RestartPolicy.values();

        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Set<String> dependsOn = new LinkedHashSet<>();
            int edges = i == 0 ? 0 : random.nextInt(Math.min(i, 4));
            for (int e = 0; e < edges; e++) {
                dependsOn.add("s" + random.nextInt(i));
            }
            double roll = random.nextDouble();
            Fault fault = roll < throwChance ? Fault.THROW : roll < throwChance + hangChance ? Fault.HANG : Fault.NONE;
            boolean exits = fault == Fault.NONE && random.nextDouble() < exitChance;
            nodes.add(new Node("s" + i, List.copyOf(dependsOn), fault,
                    random.nextDouble() < slowStartChance ? random.nextInt(6) : 0,
                    exits, random.nextBoolean(), policies[random.nextInt(policies.length)],
                    random.nextDouble() < slowStopChance ? 1 + random.nextInt(20) : 0));
        }
        // Added in random order: the runner must not rely on dependencies being added first.
        Collections.shuffle(nodes, random);
        return new RandomGraph(seed, List.copyOf(nodes));
    }

    /** Tells whether some service's start throws or hangs. */
    boolean hasStartFaults() {
        return nodes.stream().anyMatch(n -> n.fault() != Fault.NONE);
    }

    /** Tells whether some service exits by itself. */
    boolean hasExits() {
        return nodes.stream().anyMatch(Node::exits);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("graph of seed " + seed + ", " + nodes.size() + " services:\n");
        for (Node n : nodes) {
            text.append("  ").append(n.name()).append(" <- ").append(n.dependsOn())
                    .append(n.fault() == Fault.NONE ? "" : " " + n.fault())
                    .append(n.exits() ? " exits(" + (n.exitFails() ? "failure" : "clean") + ", " + n.policy() + ")" : "")
                    .append('\n');
        }
        return text.toString();
    }
}
