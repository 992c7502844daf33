package dev.runner.endpoint;

import dev.runner.Runner;
import dev.runner.RunnerStatus;
import dev.runner.ServiceConfig;
import dev.runner.Timeline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Pictures of a runner as standalone SVG documents: the start timeline as a Gantt chart and the
 * dependency graph as boxes and arrows. The {@link HealthEndpoint} serves them at
 * {@code /runner/timeline.svg} and {@code /runner/graph.svg} and inlines them in its status page;
 * they can as well be written to a file or a log.
 *
 * <p>Each document has the SVG namespace, a {@code viewBox} and a {@code <title>}, no XML
 * declaration (so it can be inlined in HTML), no script and no external resource, and every text
 * that comes from a service is escaped, so any name or message is shown as text.
 */
public final class Pictures {

    private Pictures() {
    }

    /**
     * Draws a timeline as a Gantt chart: one row per service; waiting (from its launch to its
     * start, the start delay), starting (the {@code start} call), becoming ready (from the start's
     * return to the first passed check) and stopping (the {@code stop} call) in distinct colours;
     * the services of the critical path marked; a time axis in milliseconds from the run's start.
     * A phase still under way is drawn faded.
     *
     * @param timeline the timeline, such as {@link Runner#timeline()}
     * @return the SVG document
     * @throws NullPointerException if {@code timeline} is null
     */
    public static String timelineSvg(Timeline timeline) {
        return TimelineSvg.draw(Objects.requireNonNull(timeline, "timeline must not be null"));
    }

    /**
     * Draws a runner's dependency graph: a box per service, coloured by the state
     * {@link Runner#status()} reports, in layers with each dependency above its dependents (a
     * service's layer is the longest path from it to a service with no dependencies), and an
     * arrow from each service to each dependency its {@link Runner#config} names. A dependency
     * that was never added is left out; a cycle is drawn as it is.
     *
     * @param runner the runner; only its {@code status()} and {@code config(name)} are called
     * @return the SVG document
     * @throws NullPointerException if {@code runner} is null
     * @throws RuntimeException     whatever {@code runner.status()} throws
     */
    public static String dependencyGraphSvg(Runner runner) {
        Objects.requireNonNull(runner, "runner must not be null");
        RunnerStatus status = runner.status();
        return DependencyGraphSvg.draw(status, dependencies(runner, status));
    }

    /** Returns each service's dependencies from its configuration, none for a service not configured. */
    static Map<String, List<String>> dependencies(Runner runner, RunnerStatus status) {
        Map<String, List<String>> dependsOn = new LinkedHashMap<>();
        for (String name : status.services().keySet()) {
            dependsOn.put(name, runner.config(name).map(ServiceConfig::dependsOn).orElse(List.of()));
        }
        return dependsOn;
    }
}
