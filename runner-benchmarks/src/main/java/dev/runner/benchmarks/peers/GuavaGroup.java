package dev.runner.benchmarks.peers;

import com.google.common.collect.ImmutableSetMultimap;
import com.google.common.util.concurrent.AbstractIdleService;
import com.google.common.util.concurrent.Service.State;
import com.google.common.util.concurrent.ServiceManager;
import dev.runner.Context;
import dev.runner.Service;
import dev.runner.benchmarks.workload.Graph;
import dev.runner.benchmarks.workload.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Guava's {@link ServiceManager} over the workload's services, each wrapped in an
 * {@link AbstractIdleService} (whose default executor runs {@code startUp} and {@code shutDown} on
 * a new platform thread). ServiceManager knows no dependencies: independent services share one
 * manager; a graph with dependencies gets one manager per level of its depth (as a Guava user
 * orders the layers of an application), each started once the one before is healthy and stopped
 * once the one after has stopped. It has no health checks: its health report is the services'
 * states.
 *
 * <p>Invariant: {@code managers.get(i)} holds the services of the graph's level {@code i}.
 */
public final class GuavaGroup implements ServiceGroup {

    private final List<ServiceManager> managers = new ArrayList<>();
    private int started;

    /**
     * Wraps the workload's services in new managers, one per level of the graph.
     *
     * @param workload the services and their graph
     */
    public GuavaGroup(Workload workload) {
        Map<String, Service> byName = new HashMap<>();
        for (Service service : workload.services()) {
            byName.put(service.name(), service);
        }
        for (List<Graph.Node> level : workload.graph().levels()) {
            List<Adapter> adapters = new ArrayList<>(level.size());
            for (Graph.Node node : level) {
                adapters.add(new Adapter(byName.get(node.name())));
            }
            managers.add(new ServiceManager(adapters));
        }
    }

    /** @throws IllegalStateException if a service failed to start; later levels are not started */
    @Override
    public void start() {
        for (ServiceManager manager : managers) {
            started++;
            manager.startAsync().awaitHealthy();
        }
    }

    /** Stops every started level, the last first, each waiting until all of it terminated or failed. */
    @Override
    public void stop() {
        while (started > 0) {
            managers.get(--started).stopAsync().awaitStopped();
        }
    }

    /** Returns {@link ServiceManager#servicesByState()} of every level: the states, not a live check. */
    @Override
    public ImmutableSetMultimap<State, com.google.common.util.concurrent.Service> health() {
        if (managers.size() == 1) {
            return managers.get(0).servicesByState(); // no copy: W6 measures this read alone
        }
        ImmutableSetMultimap.Builder<State, com.google.common.util.concurrent.Service> states = ImmutableSetMultimap.builder();
        for (ServiceManager manager : managers) {
            states.putAll(manager.servicesByState());
        }
        return states.build();
    }

    /** One Runner service as a Guava service. */
    private static final class Adapter extends AbstractIdleService {

        private final Service service;

        Adapter(Service service) {
            this.service = service;
        }

        @Override
        protected void startUp() throws Exception {
            service.start(Context.background());
        }

        @Override
        protected void shutDown() throws Exception {
            service.stop(Context.background());
        }

        @Override
        protected String serviceName() {
            return service.name();
        }
    }
}
