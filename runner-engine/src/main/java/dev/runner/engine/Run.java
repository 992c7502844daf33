package dev.runner.engine;

import static dev.runner.engine.Messages.describe;
import static dev.runner.engine.Messages.quote;

import dev.runner.Context;
import dev.runner.RunnerException;
import dev.runner.Service;
import dev.runner.ServiceConfig;
import dev.runner.StartException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a runner, from {@code start} to the end of {@code stop}: schedules the starts as the
 * dependency graph allows, rolls back on the first failure, and stops in reverse order.
 *
 * <p>The run's phase goes {@code STARTING -> RUNNING} when every service's first start returned,
 * or {@code STARTING -> FAILED} at the first failure (or a stop during start); the first of the
 * two wins. Invariants:
 * <ul>
 *   <li>A service is launched only when every dependency is ready ({@link ManagedService#waitingFor}
 *       reaches zero exactly once).</li>
 *   <li>Once {@link #stopping} is set nothing new begins, and {@link #shutdown} runs its steps
 *       once, however many callers ask for it; every caller gets the same result.</li>
 *   <li>A service is stopped only after every service that depends on it has stopped or was given up.</li>
 *   <li>The timer's thread ends when the shutdown ends.</li>
 * </ul>
 */
final class Run {

    private static final Logger LOG = LoggerFactory.getLogger(Run.class);

    private enum Phase { STARTING, RUNNING, FAILED }

    /** Why the run's start failed: the service to blame (null if none) and the cause. */
    private record StartFailure(ManagedService service, Throwable cause) {
    }

    private final String name;
    private final Context caller;
    private final long callerDeadline;        // System.nanoTime() of the caller's deadline
    private final DependencyGraph graph;
    private final ManagedService[] services;
    private final Map<String, ManagedService> byName;
    private final Timer timer;

    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);
    private final AtomicInteger started = new AtomicInteger();
    private final CompletableFuture<StartFailure> startEnded = new CompletableFuture<>(); // null when started
    private final AtomicBoolean shutdownBegun = new AtomicBoolean();
    private final CompletableFuture<Map<String, Throwable>> shutdownEnded = new CompletableFuture<>();
    private final Map<String, Throwable> stopErrors = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /**
     * Prepares a run; nothing starts until {@link #start()}.
     *
     * @param services the services and their configurations, in the order they were added
     * @param graph    the validated graph over them, by the same indexes
     * @param caller   the context of the {@code start} call: its deadline bounds the start, and a
     *                 service that fails for good is reported to it through {@code exited}
     */
    Run(String name, List<Map.Entry<Service, ServiceConfig>> services, DependencyGraph graph, Context caller) {
        this.name = name;
        this.caller = caller;
        this.callerDeadline = caller.deadline()
                .map(deadline -> saturatedAdd(System.nanoTime(), Timer.nanos(Duration.between(Instant.now(), deadline))))
                .orElse(Long.MAX_VALUE);
        this.graph = graph;
        this.timer = new Timer(name, usualDelays(services));
        this.services = new ManagedService[services.size()];
        this.byName = new LinkedHashMap<>(services.size() * 2);
        for (int i = 0; i < this.services.length; i++) {
            var entry = services.get(i);
            this.services[i] = new ManagedService(this, entry.getKey(), entry.getValue());
            byName.put(this.services[i].name, this.services[i]);
        }
        for (int i = 0; i < this.services.length; i++) {
            List<ManagedService> dependents = new ArrayList<>();
            for (int d : graph.dependents(i)) {
                dependents.add(this.services[d]);
            }
            this.services[i].dependents(dependents);
            this.services[i].waitForDependencies(graph.dependencies(i).length);
        }
    }

    String name() {
        return name;
    }

    Timer timer() {
        return timer;
    }

    boolean stopping() {
        return stopping;
    }

    boolean starting() {
        return phase.get() == Phase.STARTING;
    }

    /** Returns the nanoseconds left before the caller's deadline ({@code Long.MAX_VALUE} for none). */
    long callerNanosLeft() {
        return callerDeadline == Long.MAX_VALUE ? Long.MAX_VALUE : callerDeadline - System.nanoTime();
    }

    /** Returns this run's view of a service, or null if it has none of that name. */
    ManagedService service(String serviceName) {
        return byName.get(serviceName);
    }

    // ---------------------------------------------------------------- start

    /**
     * Starts every service and returns once each one's first start returned; on failure, stops
     * what was started and throws.
     *
     * @throws StartException naming the service that failed, with the cause
     */
    void start() {
        Timer.Handle deadline = callerDeadline == Long.MAX_VALUE ? null
                : timer.schedule(Duration.ofNanos(Math.max(0, callerNanosLeft())), () -> failStart(null,
                        new TimeoutException("the start deadline passed")));
        for (int i = 0; i < services.length; i++) {
            if (graph.dependencies(i).length == 0) {
                services[i].launch(false);
            }
        }
        boolean interrupted = false;
        StartFailure failure;
        while (true) {
            try {
                failure = startEnded.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                failStart(null, new InterruptedException("the thread calling start was interrupted"));
            } catch (ExecutionException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        if (deadline != null) {
            deadline.cancel();
        }
        if (failure == null) {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            LOG.info("runner {} started {} services", name, services.length);
            return;
        }
        // A rollback gives each stop its own stop timeout even past the caller's deadline: a start
        // that failed must leave nothing running, and a stop given no time would leave it so.
        Map<String, Throwable> errors = awaitShutdown(Context.background());
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        throw startException(failure, errors);
    }

    private StartException startException(StartFailure failure, Map<String, Throwable> stopErrors) {
        String blamed = failure.service() == null ? null : failure.service().name;
        String message = (blamed == null ? "runner " + quote(name) : quote(blamed)) + " failed to start: "
                + describe(failure.cause());
        if (failure.service() == null) {
            List<String> inFlight = stillStarting();
            if (!inFlight.isEmpty()) {
                message += " (still starting: " + inFlight + ")";
                blamed = inFlight.get(0);
            }
        }
        StartException exception = new StartException(message, blamed, failure.cause());
        stopErrors.values().forEach(exception::addSuppressed);
        return exception;
    }

    private List<String> stillStarting() {
        List<String> names = new ArrayList<>();
        for (ManagedService service : services) {
            if (service.stillStarting()) {
                names.add(service.name);
            }
        }
        return names;
    }

    /** Counts a service's first normal start; the run has started when all have. */
    void onFirstStart(ManagedService service) {
        if (started.incrementAndGet() == services.length && phase.compareAndSet(Phase.STARTING, Phase.RUNNING)) {
            startEnded.complete(null);
        }
    }

    /** Launches the dependents of a service that became ready, once all their dependencies are. */
    void onReady(ManagedService service) {
        for (ManagedService dependent : service.dependents()) {
            if (dependent.waitingFor.decrementAndGet() == 0) {
                dependent.launch(true); // the first one may take this thread: nothing follows here
            }
        }
    }

    /** Fails the run's start, unless it already ended; the first failure wins. */
    void failStart(ManagedService service, Throwable cause) {
        if (phase.compareAndSet(Phase.STARTING, Phase.FAILED)) {
            stopping = true;
            LOG.warn("runner {} failed to start: {}", name, service == null ? describe(cause)
                    : quote(service.name) + ": " + describe(cause));
            startEnded.complete(new StartFailure(service, cause));
        }
    }

    /** Reports a service that failed for good to whoever started this runner. */
    void onServiceFailed(ManagedService service, Throwable cause) {
        if (!stopping) {
            // The caller's code (a parent runner, or anyone's) runs on a thread of its own: never
            // on the timer's, nor where the engine holds a lock.
            Threads.startPlain(name + "/exited", () -> caller.exited(new RunnerException("service "
                    + quote(service.name) + " of runner " + quote(name) + " failed: " + describe(cause), cause)));
        }
    }

    // ---------------------------------------------------------------- stop

    /**
     * Stops the run: ends supervision, gives up starts in flight, and stops every started service
     * in reverse dependency order. Idempotent; concurrent callers share one shutdown.
     *
     * @param context the first caller's deadline bounds each stop
     * @return a future of the services that did not stop cleanly, by name; never exceptional
     */
    CompletableFuture<Map<String, Throwable>> shutdown(Context context) {
        if (!shutdownBegun.compareAndSet(false, true)) {
            return shutdownEnded;
        }
        stopping = true;
        if (phase.compareAndSet(Phase.STARTING, Phase.FAILED)) {
            startEnded.complete(new StartFailure(null, new CancellationException("cancelled by stop")));
        }
        long deadline = context.deadline()
                .map(d -> saturatedAdd(System.nanoTime(), Timer.nanos(Duration.between(Instant.now(), d))))
                .orElse(Long.MAX_VALUE);
        for (ManagedService service : services) {
            service.beginShutdown(deadline);
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] stopped = new CompletableFuture[services.length];
        int[] order = graph.topologicalOrder();
        for (int k = order.length - 1; k >= 0; k--) {   // dependents come first in reverse order
            int i = order[k];
            int[] dependents = graph.dependents(i);
            CompletableFuture<?>[] before = new CompletableFuture<?>[dependents.length];
            for (int d = 0; d < dependents.length; d++) {
                before[d] = stopped[dependents[d]];
            }
            ManagedService service = services[i];
            stopped[i] = CompletableFuture.allOf(before)
                    .thenCompose(ignored -> service.shutdown())
                    .exceptionally(error -> {
                        recordStopError(service, error);
                        return null;
                    });
        }
        CompletableFuture.allOf(stopped).whenComplete((ignored, error) -> {
            timer.shutdown();
            Map<String, Throwable> errors = new LinkedHashMap<>();
            for (int i = 0; i < services.length && !stopErrors.isEmpty(); i++) {
                Throwable e = stopErrors.get(services[i].name);
                if (e != null) {
                    errors.put(services[i].name, e);
                }
            }
            LOG.info("runner {} stopped{}", name, errors.isEmpty() ? "" : " with errors in " + errors.keySet());
            shutdownEnded.complete(errors);
        });
        return shutdownEnded;
    }

    /**
     * Stops the run as {@link #shutdown} does and waits for it, and for the timer's thread to end.
     *
     * @return the services that did not stop cleanly, by name
     */
    Map<String, Throwable> awaitShutdown(Context context) {
        Map<String, Throwable> errors = shutdown(context).join();
        timer.awaitTermination();
        return errors;
    }

    /** Records that a service did not stop cleanly during the shutdown; the first error is kept. */
    void recordStopError(ManagedService service, Throwable error) {
        stopErrors.putIfAbsent(service.name, error);
    }

    /** Returns the distinct timeouts and intervals of the services' configurations, first seen first. */
    private static Set<Duration> usualDelays(List<Map.Entry<Service, ServiceConfig>> services) {
        Set<ServiceConfig> configs = Collections.newSetFromMap(new IdentityHashMap<>()); // most share one
        Set<Duration> delays = new LinkedHashSet<>();
        for (Map.Entry<Service, ServiceConfig> entry : services) {
            ServiceConfig c = entry.getValue();
            if (configs.add(c)) {
                delays.addAll(List.of(c.startTimeout(), c.stopTimeout(), c.healthTimeout(), c.healthInterval()));
            }
        }
        return delays;
    }

    /** Returns {@code now + nanos}, kept away from {@code Long.MAX_VALUE}, which means "no deadline". */
    private static long saturatedAdd(long now, long nanos) {
        return now + Math.min(nanos, Long.MAX_VALUE / 4);
    }
}
