package dev.runner.benchmarks.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The graph shapes of the benchmarks' workloads (W1–W4, W6–W9). */
public final class Workloads {

    /** The seed of the layered graph's random edges, fixed so every run and peer gets one graph. */
    public static final long LAYERED_SEED = 42L;

    /** The number of services of {@link #application()}. */
    public static final int APPLICATION_SIZE = 20;

    private static final int INFRA = 4;
    private static final int DOMAIN = 10;
    private static final int EDGE = 6;

    private Workloads() {
    }

    /**
     * Returns {@code count} independent services: {@code s0, s1, ...}.
     *
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public static Graph wide(int count) {
        requireNonNegative("count", count);
        List<Graph.Node> nodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            nodes.add(new Graph.Node("s" + i, List.of()));
        }
        return new Graph(nodes);
    }

    /**
     * Returns a chain of {@code length} services, each depending on the one before.
     *
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static Graph chain(int length) {
        requireNonNegative("length", length);
        List<Graph.Node> nodes = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            nodes.add(new Graph.Node("c" + i, i == 0 ? List.of() : List.of("c" + (i - 1))));
        }
        return new Graph(nodes);
    }

    /**
     * Returns {@code layers} layers of {@code width} services; each service past the first layer
     * depends on {@code fanIn} distinct services of the layer before, drawn with {@code seed}.
     *
     * @throws IllegalArgumentException if a size is negative, or {@code fanIn} exceeds {@code width}
     */
    public static Graph layered(int layers, int width, int fanIn, long seed) {
        requireNonNegative("layers", layers);
        requireNonNegative("width", width);
        requireNonNegative("fanIn", fanIn);
        if (fanIn > width && layers > 1) {
            throw new IllegalArgumentException("fanIn " + fanIn + " exceeds width " + width);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Graph.Node> nodes = new ArrayList<>(layers * width);
        for (int layer = 0; layer < layers; layer++) {
            for (int i = 0; i < width; i++) {
                List<String> dependsOn = new ArrayList<>(fanIn);
                if (layer > 0) {
                    while (dependsOn.size() < fanIn) {
                        String dependency = name(layer - 1, random.nextInt(width));
                        if (!dependsOn.contains(dependency)) {
                            dependsOn.add(dependency);
                        }
                    }
                }
                nodes.add(new Graph.Node(name(layer, i), dependsOn));
            }
        }
        return new Graph(nodes);
    }

    /**
     * Returns the graph of a typical application: 20 services in three layers. Four
     * infrastructure services ({@code infra-0..3}: a database, a cache and the like) depend on
     * nothing; ten domain services ({@code domain-0..9}) each depend on two of them; six edge
     * services ({@code edge-0..5}: HTTP listeners, consumers) each depend on three domain
     * services. The edges are fixed, so every run and peer gets the same graph.
     *
     * @return the graph, depth 3
     */
    public static Graph application() {
        List<Graph.Node> nodes = new ArrayList<>(APPLICATION_SIZE);
        for (int i = 0; i < INFRA; i++) {
            nodes.add(new Graph.Node("infra-" + i, List.of()));
        }
        for (int i = 0; i < DOMAIN; i++) {
            nodes.add(new Graph.Node("domain-" + i, List.of("infra-" + i % INFRA, "infra-" + (i + 1) % INFRA)));
        }
        for (int i = 0; i < EDGE; i++) {
            // Offsets 0, 3 and 6 modulo 10 are distinct: three different domain services each.
            nodes.add(new Graph.Node("edge-" + i, List.of(
                    "domain-" + i, "domain-" + (i + 3) % DOMAIN, "domain-" + (i + 6) % DOMAIN)));
        }
        return new Graph(nodes);
    }

    private static String name(int layer, int index) {
        return "l" + layer + "-" + index;
    }

    private static void requireNonNegative(String what, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + value);
        }
    }
}
