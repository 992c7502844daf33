package dev.runner.benchmarks.peers;

import dev.runner.HealthStatus;
import dev.runner.Option;
import dev.runner.Runner;
import dev.runner.benchmarks.workload.Graph;
import dev.runner.benchmarks.workload.Workload;
import java.util.ArrayList;
import java.util.List;

/** A workload run by Runner's engine: every service added with its dependencies. */
public final class RunnerGroup implements ServiceGroup {

    private final Runner runner;

    /**
     * Adds the workload's services to a new runner.
     *
     * @param workload     the services and their graph
     * @param extraOptions options given to every service after its {@code dependsOn}
     */
    public RunnerGroup(Workload workload, Option... extraOptions) {
        runner = Runner.create("bench");
        List<Graph.Node> nodes = workload.graph().nodes();
        for (int i = 0; i < nodes.size(); i++) {
            List<Option> options = new ArrayList<>(1 + extraOptions.length);
            if (!nodes.get(i).dependsOn().isEmpty()) {
                options.add(Option.dependsOn(nodes.get(i).dependsOn().toArray(String[]::new)));
            }
            options.addAll(List.of(extraOptions));
            runner.add(workload.services().get(i), options.toArray(Option[]::new));
        }
    }

    /** Returns the runner, for benchmarks that drive it directly. */
    public Runner runner() {
        return runner;
    }

    /** @throws dev.runner.StartException if a service failed to start */
    @Override
    public void start() {
        runner.start();
    }

    /** @throws dev.runner.StopException if a service did not stop cleanly */
    @Override
    public void stop() {
        runner.stop();
    }

    /** Returns {@link Runner#healthStatus()}: every service checked live and concurrently. */
    @Override
    public HealthStatus health() {
        return runner.healthStatus();
    }
}
