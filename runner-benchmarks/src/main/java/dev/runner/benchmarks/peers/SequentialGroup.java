package dev.runner.benchmarks.peers;

import dev.runner.Context;
import dev.runner.Health;
import dev.runner.Service;
import dev.runner.benchmarks.workload.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simplest peer: starts one service at a time in topological order on the calling thread, each
 * ready once its {@code start} returned and its health is up, and stops them one at a time in
 * reverse. Its makespan is the sum of all start latencies.
 *
 * <p>Invariant: {@code started} holds, in start order, exactly the services whose {@code start}
 * returned and that were not stopped yet. Not thread-safe: one benchmark thread drives it.
 */
public final class SequentialGroup implements ServiceGroup {

    private final List<Service> order;
    private final List<Service> started = new ArrayList<>();

    /**
     * Takes the workload's services in their topological order.
     *
     * @param workload the services and their graph
     */
    public SequentialGroup(Workload workload) {
        this.order = workload.services();
    }

    /** @throws Exception the first service's failure to start or become healthy; the rest are skipped */
    @Override
    public void start() throws Exception {
        for (Service service : order) {
            service.start(Context.background());
            started.add(service);
            Health health = service.health();
            if (!health.healthy()) {
                throw new IllegalStateException(service.name() + " is unhealthy: " + health.detail());
            }
        }
    }

    /** @throws Exception the last failure to stop, after every started service was tried */
    @Override
    public void stop() throws Exception {
        Exception failure = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).stop(Context.background());
            } catch (Exception e) {
                failure = e;
            }
        }
        started.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** Returns each service's {@code health()}, called one after another, by name. */
    @Override
    public Map<String, Health> health() {
        Map<String, Health> report = new LinkedHashMap<>();
        for (Service service : order) {
            Health health;
            try {
                health = service.health();
            } catch (RuntimeException e) {
                health = Health.down(e);
            }
            report.put(service.name(), health);
        }
        return report;
    }
}
