package dev.runner.engine;

import static dev.runner.engine.Messages.quote;

import dev.runner.Context;
import dev.runner.Health;
import dev.runner.HealthStatus;
import dev.runner.Option;
import dev.runner.RunPhase;
import dev.runner.Runner;
import dev.runner.RunnerException;
import dev.runner.RunnerStatus;
import dev.runner.Service;
import dev.runner.ServiceConfig;
import dev.runner.ServiceEvent;
import dev.runner.ServiceState;
import dev.runner.ServiceStatus;
import dev.runner.StartException;
import dev.runner.StopException;
import dev.runner.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link Runner}: a registry of services, its listeners, and, while running, the
 * {@link Run} that starts, supervises and stops them.
 *
 * <p>Invariants: {@link #run} is non-null from the moment {@code start} begins until that start
 * fails or the stop of that run ends, so at most one run exists at a time and {@code add} is
 * refused meanwhile; {@link #stopped} is signalled whenever it becomes null. The lock is held only
 * to read or swap these fields, never across a service call or a wait but {@link #awaitStopped}'s.
 */
final class EngineRunner implements Runner {

    private static final Logger LOG = LoggerFactory.getLogger(EngineRunner.class);

    private final String name;
    private final Listeners listeners;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopped = lock.newCondition();
    private final Map<String, Registration> services = new LinkedHashMap<>(); // guarded by lock
    private volatile Run run;       // written under lock
    private Run lastRun;            // guarded by lock: the run that ended last, for states and the timeline

    EngineRunner(String name) {
        this.name = name;
        this.listeners = new Listeners(name, this);
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
            services.put(serviceName, new Registration(serviceName, service, config));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<ServiceConfig> config(String serviceName) {
        lock.lock();
        try {
            return Optional.ofNullable(services.get(serviceName)).map(Registration::config);
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
            List<Registration> registered = new ArrayList<>(services.values());
            List<List<String>> dependsOn = new ArrayList<>(registered.size());
            for (Registration r : registered) {
                dependsOn.add(r.config().dependsOn());
            }
            DependencyGraph graph = DependencyGraph.of(new ArrayList<>(services.keySet()), dependsOn);
            starting = new Run(name, this, listeners, registered, graph, context, this::ended);
            run = starting;
        } finally {
            lock.unlock();
        }
        try {
            starting.start();
        } catch (StartException e) {
            throw e; // the run stopped what it started, and ended
        } catch (RuntimeException | Error e) {
            starting.shutdown(Context.background()); // never leave a run behind, even on an engine bug
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
        if (Threads.ownedBy(this)) {
            // Called from one of this runner's own calls or listeners, which the stop would wait
            // for: begin it, and let it end by itself.
            stopping.shutdown(context);
            return;
        }
        Map<String, Throwable> errors = stopping.awaitShutdown(context);
        listeners.awaitDelivered(context.deadline()
                .map(d -> Timer.nanos(Duration.between(Instant.now(), d)))
                .orElse(Long.MAX_VALUE));
        if (!errors.isEmpty()) {
            throw new StopException("runner " + quote(name) + ": " + Messages.count(errors.size(), "service")
                    + " did not stop cleanly: " + errors.entrySet().stream()
                            .map(e -> quote(e.getKey()) + ": " + Messages.describe(e.getValue()))
                            .collect(Collectors.joining(", ")), errors);
        }
    }

    /** Told by a run when its stop has ended: the runner is no longer running. */
    private void ended(Run ended) {
        lock.lock();
        try {
            if (run == ended) {
                run = null;
                lastRun = ended;
                stopped.signalAll();
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
        return HealthReport.check(entries);
    }

    @Override
    public boolean isRunning() {
        return run != null;
    }

    @Override
    public void addListener(Consumer<? super ServiceEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Consumer<? super ServiceEvent> listener) {
        listeners.remove(listener);
    }

    /** The current run, else the last one (null before the first), and the services added, read together. */
    private record View(Run run, List<Registration> registered) {
    }

    private View view() {
        lock.lock();
        try {
            return new View(run != null ? run : lastRun, List.copyOf(services.values()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public RunnerStatus status() {
        View view = view();
        Run current = view.run();
        Map<String, ServiceStatus> statuses = new LinkedHashMap<>(view.registered().size() * 2);
        boolean allReady = true;
        for (Registration r : view.registered()) {
            ManagedService service = current == null ? null : current.service(r.name());
            ServiceStatus status = service != null ? service.status()
                    : new ServiceStatus(ServiceState.NEW, false, "service not running", null, 0, null, null,
                            r.config().critical(), r.config().readiness());
            allReady &= !status.readiness() || status.healthy();
            statuses.put(r.name(), status);
        }
        RunPhase phase = current == null ? RunPhase.IDLE : current.phase();
        boolean started = phase == RunPhase.RUNNING;
        return new RunnerStatus(name, phase, started, started && allReady, phase != RunPhase.FAILED, statuses);
    }

    @Override
    public Timeline timeline() {
        View view = view();
        if (view.run() != null) {
            return view.run().timeline();
        }
        List<Timeline.Span> spans = view.registered().stream()
                .map(r -> new Timeline.Span(r.name(), r.config().dependsOn(), null, null, null, null, null, null))
                .toList();
        return new Timeline(Instant.now(), spans, List.of());
    }

    @Override
    public void run(Duration stopTimeout) {
        Objects.requireNonNull(stopTimeout, "stopTimeout must not be null");
        if (stopTimeout.isNegative() || stopTimeout.isZero()) {
            throw new IllegalArgumentException("stopTimeout must be positive: " + stopTimeout);
        }
        Thread hook = new Thread(() -> {
            try {
                stop(stopTimeout);
            } catch (RuntimeException e) {
                LOG.warn("runner {} did not stop cleanly on JVM shutdown", quote(name), e);
            }
        }, name + "/shutdown-hook");
        Runtime.getRuntime().addShutdownHook(hook); // first: a signal during start stops what started
        try {
            start();
            boolean interrupted = false;
            while (true) {
                try {
                    awaitStopped();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the thread running the application was told to end: stop
                    stopQuietly(stopTimeout);
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            RunnerException failure = lastFailure();
            if (failure != null) {
                throw new RunnerException(failure.getMessage(), failure.getCause());
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is shutting down: the hook runs, or has run, the stop.
            }
        }
    }

    private void stopQuietly(Duration timeout) {
        try {
            stop(timeout);
        } catch (RuntimeException e) {
            LOG.warn("runner {} did not stop cleanly", quote(name), e);
        }
    }

    /** Returns the failure of the critical service that ended the last run, or null. */
    private RunnerException lastFailure() {
        lock.lock();
        try {
            return lastRun == null ? null : lastRun.criticalFailure();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void awaitStopped() throws InterruptedException {
        lock.lock();
        try {
            while (run != null) {
                stopped.await();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        long left = Timer.nanos(timeout);
        lock.lock();
        try {
            while (run != null) {
                if (left <= 0) {
                    return false;
                }
                left = stopped.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Runner[" + name + "]";
    }
}
