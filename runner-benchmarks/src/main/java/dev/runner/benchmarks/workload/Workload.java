package dev.runner.benchmarks.workload;

import dev.runner.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A graph together with the services that fill it, ready to hand to any peer.
 *
 * <p>Invariant: {@code services.get(i)} is the service of {@code graph.nodes().get(i)} and has its
 * name.
 *
 * @param graph    the shape
 * @param services one service per node, in the graph's order
 */
public record Workload(Graph graph, List<Service> services) {

    /**
     * Checks the invariant.
     *
     * @throws IllegalArgumentException if the services do not match the nodes one to one, by name
     */
    public Workload {
        services = List.copyOf(services);
        if (services.size() != graph.nodes().size()) {
            throw new IllegalArgumentException(
                    services.size() + " services for " + graph.nodes().size() + " nodes");
        }
        for (int i = 0; i < services.size(); i++) {
            String expected = graph.nodes().get(i).name();
            if (!expected.equals(services.get(i).name())) {
                throw new IllegalArgumentException(
                        "service \"" + services.get(i).name() + "\" stands for node \"" + expected + "\"");
            }
        }
    }

    /**
     * Fills a graph with the services {@code factory} makes from each node's name.
     *
     * @param graph   the shape
     * @param factory makes the service named by its argument
     * @return the workload
     * @throws IllegalArgumentException if the factory names a service otherwise than asked
     */
    public static Workload of(Graph graph, Function<String, ? extends Service> factory) {
        List<Service> services = new ArrayList<>(graph.nodes().size());
        for (Graph.Node node : graph.nodes()) {
            services.add(factory.apply(node.name()));
        }
        return new Workload(graph, services);
    }

    /**
     * Returns how many services the workload has.
     *
     * @return the count
     */
    public int size() {
        return services.size();
    }
}
