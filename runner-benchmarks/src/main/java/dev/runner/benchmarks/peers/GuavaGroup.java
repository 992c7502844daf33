package dev.runner.benchmarks.peers;

import com.google.common.collect.ImmutableSetMultimap;
import com.google.common.util.concurrent.AbstractIdleService;
import com.google.common.util.concurrent.Service.State;
import com.google.common.util.concurrent.ServiceManager;
import dev.runner.Context;
import dev.runner.Service;
import dev.runner.benchmarks.workload.Workload;
import java.util.ArrayList;
import java.util.List;

/**
 * Guava's {@link ServiceManager} over the workload's services, each wrapped in an
 * {@link AbstractIdleService} (whose default executor runs {@code startUp} and {@code shutDown} on
 * a new platform thread). ServiceManager knows no dependencies, so only independent workloads
 * apply, and it has no health checks: its health report is the services' states.
 */
public final class GuavaGroup implements ServiceGroup {

    private final ServiceManager manager;
    private boolean started;

    /**
     * Wraps the workload's services in a new manager.
     *
     * @param workload the services; none may depend on another
     * @throws UnsupportedOperationException if the workload has dependencies
     */
    public GuavaGroup(Workload workload) {
        if (!workload.graph().independent()) {
            throw new UnsupportedOperationException("Guava's ServiceManager cannot express dependencies");
        }
        List<Adapter> adapters = new ArrayList<>(workload.size());
        for (Service service : workload.services()) {
            adapters.add(new Adapter(service));
        }
        manager = new ServiceManager(adapters);
    }

    /** @throws IllegalStateException if a service failed to start */
    @Override
    public void start() {
        started = true;
        manager.startAsync().awaitHealthy();
    }

    /** Stops every service and waits until all have terminated or failed. */
    @Override
    public void stop() {
        if (started) {
            started = false;
            manager.stopAsync().awaitStopped();
        }
    }

    /** Returns {@link ServiceManager#servicesByState()}: the services' states, not a live check. */
    @Override
    public ImmutableSetMultimap<State, com.google.common.util.concurrent.Service> health() {
        return manager.servicesByState();
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
