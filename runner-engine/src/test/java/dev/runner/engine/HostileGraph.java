package dev.runner.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A {@link RandomGraph} whose services also fight the runner's bounds, made from a seed so a
 * failing case can be replayed: health checks and stops deaf to interruption, CPU-bound starts, a
 * {@code stop} called from inside a service's own call, and several concurrent {@code stop}
 * callers with different deadlines. A deaf or spinning call goes on until the test releases it,
 * and at most {@link #HOSTILE_BOUND}. Its services do not exit by themselves:
 * {@link RandomGraphPropertyTest} covers exits, and here they would only blur what the hostile
 * calls do.
 *
 * @param graph           the services, their dependencies and start faults
 * @param hostility       what each service does beyond its fault, by name, in the graph's order
 * @param stopDeadlines   the deadlines of the concurrent {@code stop} callers, the last one long
 * @param stopDuringStart whether the stop callers begin while {@code start} is still running
 */
record HostileGraph(RandomGraph graph, Map<String, Hostility> hostility, List<Duration> stopDeadlines,
                    boolean stopDuringStart) {

    /** The longest a deaf or spinning call goes on when the test does not release it. */
    static final Duration HOSTILE_BOUND = Duration.ofSeconds(5);
    /** The deadline of the last stop caller: it waits for everything. */
    static final Duration LONG_STOP = Duration.ofSeconds(30);

    /** Where a service calls {@code runner.stop(deadline)} from inside its own call. */
    enum Inside {
        /** Its first {@code start}. */
        START,
        /** Its second health check. */
        HEALTH,
        /** Its first {@code stop}. */
        STOP
    }

    /**
     * What one service does to the runner. A service has at most one deaf kind of call, so that
     * it never has two deaf calls at once.
     *
     * @param deafFromCheck  from which of its health checks (from 1) on every check ignores
     *                       interruption (as if blocked in monitor entry); 0 for none
     * @param deafFirstStop  whether its first {@code stop} ignores interruption
     * @param spins          whether its start spins on the CPU until interrupted, as a
     *                       CPU-bound start that honours interruption does
     * @param stopFrom       where it calls {@code runner.stop} from; null for nowhere
     * @param insideDeadline the deadline of that call
     */
    record Hostility(int deafFromCheck, boolean deafFirstStop, boolean spins, Inside stopFrom, Duration insideDeadline) {

        boolean isNone() {
            return deafFromCheck == 0 && !deafFirstStop && !spins && stopFrom == null;
        }
    }

    /** Makes a graph of up to {@code maxServices} services from {@code seed}. */
    static HostileGraph generate(long seed, int maxServices) {
        RandomGraph generated = RandomGraph.generate(seed, maxServices);
        RandomGraph graph = new RandomGraph(seed, generated.nodes().stream().map(n -> new RandomGraph.Node(n.name(),
                n.dependsOn(), n.fault(), n.startMillis(), false, false, n.policy(), n.stopMillis())).toList());
        Random random = new Random(seed * 31 + 17);
        String insider = random.nextInt(3) == 0 ? graph.nodes().get(random.nextInt(graph.nodes().size())).name() : null;
        Map<String, Hostility> hostility = new LinkedHashMap<>();
        for (RandomGraph.Node node : graph.nodes()) {
            int deafness = random.nextInt(8); // 0, 1: deaf checks; 2: a deaf stop
            Inside inside = node.name().equals(insider) ? Inside.values()[random.nextInt(Inside.values().length)] : null;
            if (inside == Inside.HEALTH && deafness < 2 || inside == Inside.STOP && deafness == 2) {
                deafness = 7; // its call that stops the runner ends by itself
            }
            hostility.put(node.name(), new Hostility(
                    deafness < 2 ? 1 + random.nextInt(4) : 0,
                    deafness == 2,
                    node.fault() == RandomGraph.Fault.NONE && random.nextInt(6) == 0,
                    inside,
                    Duration.ofMillis(random.nextBoolean() ? 200 : 1000)));
        }
        List<Duration> deadlines = new ArrayList<>();
        Duration[] shortOnes = {Duration.ofMillis(200), Duration.ofMillis(700), Duration.ofSeconds(2)};
        for (int i = random.nextInt(3); i > 0; i--) {
            deadlines.add(shortOnes[random.nextInt(shortOnes.length)]);
        }
        deadlines.add(LONG_STOP);
        return new HostileGraph(graph, Collections.unmodifiableMap(hostility), List.copyOf(deadlines),
                random.nextInt(3) == 0);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(graph.toString());
        hostility.forEach((name, h) -> {
            if (!h.isNone()) {
                text.append("  ").append(name).append(": ").append(h).append('\n');
            }
        });
        return text.append("  stop callers' deadlines ").append(stopDeadlines)
                .append(stopDuringStart ? ", called during start" : ", called after start").append('\n').toString();
    }
}
