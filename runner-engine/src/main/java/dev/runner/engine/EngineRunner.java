package dev.runner.engine;

import static dev.runner.engine.Messages.quote;

import dev.runner.Context;
import dev.runner.Health;
import dev.runner.HealthStatus;
import dev.runner.Option;
import dev.runner.Runner;
import dev.runner.RunnerStatus;
import dev.runner.Service;
import dev.runner.ServiceEvent;
import dev.runner.Timeline;
import java.time.Duration;
import java.util.function.Consumer;
import dev.runner.ServiceConfig;
import dev.runner.StartException;
import dev.runner.StopException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The engine's {@link Runner}: a registry of services and, while running, the {@link Run} that
 * starts, supervises and stops them.
 *
 * <p>Invariants: {@link #run} is non-null from the moment {@code start} begins until that start
 * fails or a {@code stop} of that run ends, so at most one run exists at a time and {@code add} is
 * refused meanwhile. The lock is held only to read or swap these fields, never across a service
 * call or a wait.
 */
final class EngineRunner implements Runner {

    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Map.Entry<Service, ServiceConfig>> services = new LinkedHashMap<>(); // guarded by lock
    private volatile Run run;       // written under lock
    private Run lastRun;            // guarded by lock: the run that ended last, for health states

    EngineRunner(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void add(Service service, Option... options) {
        Objects.requireNonNull(service, "service must not be null");
        String serviceName = service.name();
        Objects.requireNonNull(serviceName, "service name must not be null");
        if (serviceName.isBlank()) {
            throw new IllegalArgumentException("service name must not be blank");
        }
        ServiceConfig config = ServiceConfig.of(options);
        lock.lock();
        try {
            if (run != null) {
                throw new IllegalStateException("cannot add " + quote(serviceName) + ": runner " + quote(name) + " is running");
            }
            if (services.containsKey(serviceName)) {
                throw new IllegalArgumentException("duplicate service name " + quote(serviceName) + " in runner " + quote(name));
            }
            services.put(serviceName, Map.entry(service, config));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<ServiceConfig> config(String serviceName) {
        lock.lock();
        try {
            return Optional.ofNullable(services.get(serviceName)).map(Map.Entry::getValue);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void start(Context context) {
        Objects.requireNonNull(context, "context must not be null");
        Run starting;
        lock.lock();
        try {
            if (run != null) {
                throw new StartException("runner " + quote(name) + " is already running", null, null);
            }
            if (services.isEmpty()) {
                throw new StartException("runner " + quote(name) + " has no services", null, null);
            }
            List<Map.Entry<Service, ServiceConfig>> entries = new ArrayList<>(services.values());
            DependencyGraph graph = DependencyGraph.of(new ArrayList<>(services.keySet()),
                    entries.stream().map(entry -> entry.getValue().dependsOn()).toList());
            starting = new Run(name, entries, graph, context);
            run = starting;
        } finally {
            lock.unlock();
        }
        try {
            starting.start();
        } catch (RuntimeException | Error e) {
            ended(starting);
            throw e;
        }
    }

    @Override
    public void stop(Context context) {
        Objects.requireNonNull(context, "context must not be null");
        Run stopping = run;
        if (stopping == null) {
            return;
        }
        Map<String, Throwable> errors = stopping.awaitShutdown(context);
        ended(stopping);
        if (!errors.isEmpty()) {
            throw new StopException("runner " + quote(name) + ": " + errors.size() + " service(s) did not stop cleanly: "
                    + errors.entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue().getMessage())
                            .collect(Collectors.joining(", ")), errors);
        }
    }

    private void ended(Run ended) {
        lock.lock();
        try {
            if (run == ended) {
                run = null;
                lastRun = ended;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Health health() {
        return HealthReport.aggregate(healthStatus());
    }

    @Override
    public HealthStatus healthStatus() {
        List<HealthReport.Entry> entries = new ArrayList<>();
        lock.lock();
        try {
            Run current = run != null ? run : lastRun;
            for (String serviceName : services.keySet()) {
                entries.add(new HealthReport.Entry(serviceName, current == null ? null : current.service(serviceName)));
            }
        } finally {
            lock.unlock();
        }
        return HealthReport.check(name, entries);
    }

    @Override
    public boolean isRunning() {
        return run != null;
    }

    @Override
    public void addListener(Consumer<? super ServiceEvent> listener) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void removeListener(Consumer<? super ServiceEvent> listener) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public RunnerStatus status() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Timeline timeline() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void run(Duration stopTimeout) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void awaitStopped() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public boolean awaitStopped(Duration timeout) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public String toString() {
        return "Runner[" + name + "]";
    }
}
