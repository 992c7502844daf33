package dev.runner.endpoint;

import dev.runner.RunnerStatus;
import dev.runner.ServiceStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a runner's dependency graph: one box per service, coloured by its state
 * ({@link StateColour}), in the layers of {@link GraphLayout} with dependencies above their
 * dependents, and an arrow from each service to each of its dependencies. A critical service has a
 * thicker border.
 */
final class DependencyGraphSvg {

    private static final double MARGIN = 20;
    private static final double BOX_HEIGHT = 44;
    private static final double MIN_BOX_WIDTH = 120;
    private static final double CHAR_WIDTH = 7.5;
    private static final double GAP_X = 28;
    private static final double GAP_Y = 56;
    /** The arrowhead's id; unique on the status page, where both pictures are inlined. */
    private static final String ARROW = "runner-graph-arrow";
    private static final String INK = "#374151";

    /** Where a service's box is. */
    private record Box(double x, double y, double width) {
        double centre() {
            return x + width / 2;
        }
    }

    /** An arrow from the top of a dependent's box to the bottom of its dependency's box. */
    private record Edge(String dependent, String dependency, double fromX, double toX) {
    }

    private DependencyGraphSvg() {
    }

    /**
     * Draws the graph of the services in {@code status}, with the edges of {@code dependsOn};
     * dependencies on names that are not in {@code status} are left out.
     */
    static String draw(RunnerStatus status, Map<String, List<String>> dependsOn) {
        List<String> names = new ArrayList<>(status.services().keySet());
        List<List<String>> layers = GraphLayout.layers(names, dependsOn);
        int widest = layers.stream().mapToInt(List::size).max().orElse(0);
        double boxWidth = Math.max(MIN_BOX_WIDTH,
                names.stream().mapToInt(String::length).max().orElse(0) * CHAR_WIDTH + 24);
        double width = 2 * MARGIN + Math.max(1, widest) * boxWidth + Math.max(0, widest - 1) * GAP_X;
        double height = 2 * MARGIN + Math.max(1, layers.size()) * BOX_HEIGHT + Math.max(0, layers.size() - 1) * GAP_Y;

        Map<String, Box> boxes = new HashMap<>();
        for (int row = 0; row < layers.size(); row++) {
            List<String> layer = layers.get(row);
            double rowWidth = layer.size() * boxWidth + (layer.size() - 1) * GAP_X;
            double x = (width - rowWidth) / 2;
            for (String name : layer) {
                boxes.put(name, new Box(x, MARGIN + row * (BOX_HEIGHT + GAP_Y), boxWidth));
                x += boxWidth + GAP_X;
            }
        }

        Svg svg = new Svg(width, height, "Dependencies of runner " + status.runner());
        svg.open("defs")
                .open("marker", "id", ARROW, "viewBox", "0 0 10 10", "refX", 10, "refY", 5,
                        "markerWidth", 8, "markerHeight", 8, "orient", "auto-start-reverse")
                .empty("path", "d", "M0,0 L10,5 L0,10 z", "fill", INK)
                .close("marker")
                .close("defs");
        if (names.isEmpty()) {
            svg.text("text", "no services", "x", width / 2, "y", height / 2, "text-anchor", "middle");
        }
        for (Edge edge : edges(names, dependsOn, boxes)) {
            svg.open("line", "class", "dependency",
                            "x1", edge.fromX(), "y1", boxes.get(edge.dependent()).y(),
                            "x2", edge.toX(), "y2", boxes.get(edge.dependency()).y() + BOX_HEIGHT,
                            "stroke", INK, "stroke-width", 1.5, "marker-end", "url(#" + ARROW + ")")
                    .text("title", edge.dependent() + " depends on " + edge.dependency())
                    .close("line");
        }
        for (String name : names) {
            ServiceStatus service = status.services().get(name);
            Box box = boxes.get(name);
            String state = StateColour.describe(service);
            String restarts = service.restarts() == 0 ? "" : ", " + Words.count(service.restarts(), "restart");
            svg.open("g", "class", "service")
                    .text("title", name + ": " + state + restarts + (service.critical() ? " (critical)" : ""))
                    .empty("rect", "x", box.x(), "y", box.y(), "width", box.width(), "height", BOX_HEIGHT,
                            "rx", 6, "fill", StateColour.of(service), "stroke", INK,
                            "stroke-width", service.critical() ? 3 : 1)
                    .text("text", name, "class", "name", "x", box.centre(), "y", box.y() + 18,
                            "text-anchor", "middle", "font-weight", "bold")
                    .text("text", state + restarts, "class", "state", "x", box.centre(), "y", box.y() + 34,
                            "text-anchor", "middle", "font-size", 11)
                    .close("g");
        }
        return svg.end();
    }

    /**
     * Returns the arrows, their ends spread along the boxes' edges so that arrows into one box, or
     * out of one box, do not meet in a point: a dependent's arrows leave its top in the order of
     * its dependencies, and a dependency's arrows arrive at its bottom in the left-to-right order
     * of their dependents. Dependencies on names without a box, and on the service itself, are
     * left out.
     */
    private static List<Edge> edges(List<String> names, Map<String, List<String>> dependsOn, Map<String, Box> boxes) {
        record Pair(String dependent, String dependency) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (String name : names) {
            dependsOn.getOrDefault(name, List.of()).stream().distinct()
                    .filter(dependency -> boxes.containsKey(dependency) && !dependency.equals(name))
                    .forEach(dependency -> pairs.add(new Pair(name, dependency)));
        }
        Map<String, List<Pair>> out = new HashMap<>();
        Map<String, List<Pair>> in = new HashMap<>();
        for (Pair pair : pairs) {
            out.computeIfAbsent(pair.dependent(), k -> new ArrayList<>()).add(pair);
            in.computeIfAbsent(pair.dependency(), k -> new ArrayList<>()).add(pair);
        }
        in.values().forEach(list -> list.sort(Comparator.comparingDouble(pair -> boxes.get(pair.dependent()).x())));
        List<Edge> edges = new ArrayList<>();
        for (Pair pair : pairs) {
            edges.add(new Edge(pair.dependent(), pair.dependency(),
                    spread(boxes.get(pair.dependent()), out.get(pair.dependent()).indexOf(pair), out.get(pair.dependent()).size()),
                    spread(boxes.get(pair.dependency()), in.get(pair.dependency()).indexOf(pair), in.get(pair.dependency()).size())));
        }
        return edges;
    }

    /** Returns the x of the {@code index}-th of {@code count} points spread evenly across a box. */
    private static double spread(Box box, int index, int count) {
        return box.x() + box.width() * (index + 1) / (count + 1);
    }
}
