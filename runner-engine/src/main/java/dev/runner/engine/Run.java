package dev.runner.engine;

import static dev.runner.engine.Messages.describe;
import static dev.runner.engine.Messages.quote;

import dev.runner.Context;
import dev.runner.RunPhase;
import dev.runner.RunnerException;
import dev.runner.ServiceConfig;
import dev.runner.StartException;
import dev.runner.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a runner, from {@code start} to the end of its stop: schedules the starts as the
 * dependency graph allows, rolls back on the first failure, fails when a critical service gives
 * up, and stops in reverse order with the caller's deadline shared fairly between stop levels.
 *
 * <p>The start's outcome goes {@code STARTING -> STARTED} when every service's first start
 * returned, or {@code STARTING -> FAILED} at the first failure (or a stop during start); the first
 * of the two wins. Invariants:
 * <ul>
 *   <li>A service is launched only when every dependency is ready ({@link ManagedService#waitingFor}
 *       reaches zero exactly once).</li>
 *   <li>Once {@link #stopping} is set nothing new begins, and {@link #shutdown} runs its steps
 *       once, however many callers ask for it; each caller waits for it at most until its own
 *       deadline.</li>
 *   <li>A service is stopped only after every service that depends on it has stopped or was given up.</li>
 *   <li>The timer's thread ends when the shutdown ends, and {@link #onEnded} runs before any
 *       caller learns that it ended.</li>
 * </ul>
 */
final class Run {

    private static final Logger LOG = LoggerFactory.getLogger(Run.class);

    /** How long past its deadline a stop caller waits for interrupted calls to end. */
    private static final Duration CALLER_GRACE = InstanceStop.INTERRUPT_GRACE.plusMillis(100);

    private enum StartPhase { STARTING, STARTED, FAILED }

    /** Why the run's start failed: the service to blame (null if none), whether it decided it, and the cause. */
    private record StartFailure(ManagedService service, boolean decided, Throwable cause) {
    }

    private final String name;
    private final Object owner;
    private final Listeners listeners;
    private final Context caller;
    private final long callerDeadline;        // System.nanoTime() of the caller's deadline
    private final DependencyGraph graph;
    private final ManagedService[] services;
    private final Map<String, ManagedService> byName;
    private final Timer timer;
    private final Consumer<Run> onEnded;
    private final Instant origin = Instant.now();
    private final long originNanos = System.nanoTime();

    private final AtomicReference<StartPhase> startPhase = new AtomicReference<>(StartPhase.STARTING);
    private final AtomicInteger started = new AtomicInteger();
    private final CompletableFuture<StartFailure> startEnded = new CompletableFuture<>(); // null when started
    private final AtomicBoolean shutdownBegun = new AtomicBoolean();
    private final CompletableFuture<Map<String, Throwable>> shutdownEnded = new CompletableFuture<>();
    private final Map<String, Throwable> stopErrors = new ConcurrentHashMap<>();
    private volatile CompletableFuture<?>[] turns;
    private volatile boolean stopping;
    private volatile RunPhase phase = RunPhase.STARTING;
    private volatile long shutdownDeadline = Long.MAX_VALUE;
    private volatile RunnerException criticalFailure;
    private volatile List<String> criticalPath = List.of();

    /**
     * Prepares a run; nothing starts until {@link #start()}.
     *
     * @param owner     the runner, which marks its threads (see {@link Threads#ownedBy})
     * @param services  the services, in the order they were added
     * @param graph     the validated graph over them, by the same indexes
     * @param caller    the context of the {@code start} call: its deadline bounds the start, and a
     *                  service that fails for good is reported to it through {@code exited}
     * @param onEnded   told when the run's stop has ended, before any caller learns of it
     */
    Run(String name, Object owner, Listeners listeners, List<Registration> services, DependencyGraph graph,
        Context caller, Consumer<Run> onEnded) {
        this.name = name;
        this.owner = owner;
        this.listeners = listeners;
        this.caller = caller;
        this.onEnded = onEnded;
        this.callerDeadline = nanoDeadline(caller);
        this.graph = graph;
        this.timer = new Timer(name, usualDelays(services));
        this.services = new ManagedService[services.size()];
        this.byName = new LinkedHashMap<>(services.size() * 2);
        for (int i = 0; i < this.services.length; i++) {
            Registration r = services.get(i);
            this.services[i] = new ManagedService(this, r.name(), r.service(), r.config());
            byName.put(r.name(), this.services[i]);
        }
        int[] stopLevelsLeft = stopLevelsLeft(graph, this.services.length);
        for (int i = 0; i < this.services.length; i++) {
            this.services[i].stopLevelsLeft = stopLevelsLeft[i];
            List<ManagedService> dependencies = new ArrayList<>();
            for (int d : graph.dependencies(i)) {
                dependencies.add(this.services[d]);
            }
            List<ManagedService> dependents = new ArrayList<>();
            for (int d : graph.dependents(i)) {
                dependents.add(this.services[d]);
            }
            this.services[i].link(dependencies, dependents);
            this.services[i].waitForDependencies(graph.dependencies(i).length);
        }
    }

    String name() {
        return name;
    }

    Object owner() {
        return owner;
    }

    Listeners listeners() {
        return listeners;
    }

    Timer timer() {
        return timer;
    }

    boolean stopping() {
        return stopping;
    }

    boolean starting() {
        return startPhase.get() == StartPhase.STARTING;
    }

    /** Returns where the run is in its life. */
    RunPhase phase() {
        return phase;
    }

    /** Returns the failure of the critical service that gave up, or null. */
    RunnerException criticalFailure() {
        return criticalFailure;
    }

    /** Returns the nanoseconds left before the caller's deadline ({@code Long.MAX_VALUE} for none). */
    long callerNanosLeft() {
        return callerDeadline == Long.MAX_VALUE ? Long.MAX_VALUE : callerDeadline - System.nanoTime();
    }

    /** Returns this run's view of a service, or null if it has none of that name. */
    ManagedService service(String serviceName) {
        return byName.get(serviceName);
    }

    /** Returns each service's marks, with the critical path once the start has returned. */
    Timeline timeline() {
        List<Timeline.Span> spans = new ArrayList<>(services.length);
        for (ManagedService service : services) {
            spans.add(service.span(originNanos));
        }
        return new Timeline(origin, spans, criticalPath);
    }

    // ---------------------------------------------------------------- start

    /**
     * Starts every service and returns once each one's first start returned and its events were
     * delivered; on failure, stops what was started (within the caller's deadline) and throws.
     *
     * @throws StartException naming the service whose failure decided it, with the cause
     */
    void start() {
        Timer.Handle deadline = callerDeadline == Long.MAX_VALUE ? null
                : timer.schedule(Duration.ofNanos(Math.max(0, callerNanosLeft())), () -> failStart(null,
                        new TimeoutException("the start deadline passed")));
        for (int i = 0; i < services.length; i++) {
            if (graph.dependencies(i).length == 0) {
                services[i].starts.launch(false);
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
        try {
            if (failure == null) {
                criticalPath = criticalPath();
                if (!stopping) {
                    phase = RunPhase.RUNNING;
                }
                LOG.info("runner {} started {}", quote(name), Messages.count(services.length, "service"));
                listeners.awaitDelivered(callerNanosLeft());
                return;
            }
            Map<String, Throwable> errors = awaitShutdown(caller);
            listeners.awaitDelivered(callerNanosLeft());
            throw startException(failure, errors);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private StartException startException(StartFailure failure, Map<String, Throwable> stopErrors) {
        String blamed = failure.service() == null ? null : failure.service().name;
        String message;
        if (failure.decided()) {
            message = quote(blamed) + " failed to start: " + describe(failure.cause());
        } else {
            message = "runner " + quote(name) + " failed to start: " + describe(failure.cause());
            if (blamed != null) {
                message += " (still starting: " + stillStarting() + ")";
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

    /** Returns the first service, in the order added, that the start still waits for; or null. */
    private ManagedService blame() {
        for (ManagedService service : services) {
            if (service.stillStarting()) {
                return service;
            }
        }
        return null;
    }

    /** Counts a service's first normal start; the run has started when all have. */
    void onFirstStart(ManagedService service) {
        if (started.incrementAndGet() == services.length && startPhase.compareAndSet(StartPhase.STARTING, StartPhase.STARTED)) {
            startEnded.complete(null);
        }
    }

    /** Launches the dependents of a service that became ready, once all their dependencies are. */
    void onReady(ManagedService service) {
        for (ManagedService dependent : service.dependents()) {
            if (dependent.waitingFor.decrementAndGet() == 0) {
                dependent.starts.launch(true); // the first one may take this thread: nothing follows here
            }
        }
    }

    /**
     * Fails the run's start, unless it already ended; the first failure wins.
     *
     * @param service the service whose failure decides it, or null to blame the first one the
     *                start still waits for (a deadline, an interrupt)
     */
    void failStart(ManagedService service, Throwable cause) {
        ManagedService blamed = service != null ? service : blame(); // before the stop changes any state
        if (startPhase.compareAndSet(StartPhase.STARTING, StartPhase.FAILED)) {
            stopping = true;
            LOG.warn("runner {} failed to start: {}", quote(name),
                    service == null ? describe(cause) : quote(service.name) + ": " + describe(cause), cause);
            startEnded.complete(new StartFailure(blamed, service != null, cause));
        }
    }

    /**
     * A service gave up: a critical one fails the runner, which stops everything by itself; one
     * that ended {@code FAILED} is reported to whoever started this runner.
     */
    void onGaveUp(ManagedService service, Throwable cause, boolean ended) {
        if (stopping) {
            return;
        }
        if (service.config.critical()) {
            RunnerException failure = new RunnerException("critical service " + quote(service.name) + " of runner "
                    + quote(name) + " gave up: " + describe(cause), cause);
            criticalFailure = failure;
            phase = RunPhase.FAILED;
            LOG.error("runner {} failed: critical service {} gave up; stopping every service", quote(name), quote(service.name));
            reportExit(failure);
            shutdown(Context.background());
        } else if (ended) {
            reportExit(new RunnerException("service " + quote(service.name) + " of runner " + quote(name)
                    + " failed: " + describe(cause), cause));
        }
    }

    private void reportExit(RunnerException failure) {
        // The caller's code (a parent runner, or anyone's) runs on a thread of its own: never
        // on the timer's, nor where the engine holds a lock.
        Threads.startPlain(name + "/exited", () -> caller.exited(failure));
    }

    /**
     * Returns the chain that decided when the start returned: the service whose start returned
     * last, then at each step the dependency that became ready last.
     */
    private List<String> criticalPath() {
        int last = -1;
        long lastMark = Long.MIN_VALUE;
        long[] marks = new long[services.length];
        for (int i = 0; i < services.length; i++) {
            Timeline.Span span = services[i].span(originNanos);
            marks[i] = span.ready() != null ? span.ready().toNanos() : Long.MIN_VALUE;
            long finished = span.started() == null ? Long.MIN_VALUE : span.started().toNanos();
            if (last < 0 || finished > lastMark) {
                last = i;
                lastMark = finished;
            }
        }
        List<String> path = new ArrayList<>();
        for (int i = last; i >= 0; ) {
            path.add(services[i].name);
            int next = -1;
            for (int d : graph.dependencies(i)) {
                if (next < 0 || marks[d] > marks[next]) {
                    next = d;
                }
            }
            i = next;
        }
        return List.copyOf(path);
    }

    // ---------------------------------------------------------------- stop

    /**
     * Stops the run: ends supervision, gives up starts in flight, and stops every started service
     * in reverse dependency order. Idempotent; concurrent callers share one shutdown.
     *
     * @param context the first caller's deadline, shared fairly between the stop levels
     * @return a future of the services that did not stop cleanly, by name; never exceptional
     */
    CompletableFuture<Map<String, Throwable>> shutdown(Context context) {
        if (!shutdownBegun.compareAndSet(false, true)) {
            return shutdownEnded;
        }
        ManagedService blamed = blame();
        stopping = true;
        if (phase != RunPhase.FAILED) {
            phase = RunPhase.STOPPING;
        }
        if (startPhase.compareAndSet(StartPhase.STARTING, StartPhase.FAILED)) {
            startEnded.complete(new StartFailure(blamed, false, new CancellationException("cancelled by stop")));
        }
        shutdownDeadline = nanoDeadline(context);
        for (ManagedService service : services) {
            service.stops.beginShutdown();
        }
        CompletableFuture<?>[] stopped = new CompletableFuture<?>[services.length];
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
                    .thenCompose(ignored -> service.stops.turn())
                    .exceptionally(error -> {
                        recordStopError(service, error);
                        return null;
                    });
        }
        turns = stopped;
        CompletableFuture.allOf(stopped).whenComplete((ignored, error) -> {
            timer.shutdown();
            Map<String, Throwable> errors = errorsInOrder();
            if (phase != RunPhase.FAILED) {
                phase = RunPhase.STOPPED;
            }
            LOG.info("runner {} stopped{}", quote(name), errors.isEmpty() ? "" : " with errors in " + errors.keySet());
            onEnded.accept(this);
            shutdownEnded.complete(errors);
        });
        return shutdownEnded;
    }

    /**
     * Stops the run as {@link #shutdown} does and waits for it, at most until the caller's
     * deadline (and a short grace for interrupted calls to end).
     *
     * @return the services that did not stop cleanly, by name; a service still stopping when the
     *         caller's deadline passed is among them
     */
    Map<String, Throwable> awaitShutdown(Context context) {
        CompletableFuture<Map<String, Throwable>> ended = shutdown(context);
        long deadline = nanoDeadline(context);
        long graceNanos = Timer.nanos(CALLER_GRACE);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (deadline == Long.MAX_VALUE) {
                        ended.get();
                    } else {
                        ended.get(Math.max(0, deadline + graceNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                    }
                    timer.awaitTermination();
                    return ended.join();
                } catch (InterruptedException e) {
                    interrupted = true; // a stop is bounded anyway: finish it, then restore the flag
                } catch (TimeoutException e) {
                    return stillStopping(context);
                } catch (ExecutionException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Returns the errors so far and, for each service still stopping, that it still is. */
    private Map<String, Throwable> stillStopping(Context context) {
        Map<String, Throwable> errors = errorsInOrder();
        CompletableFuture<?>[] stopped = turns;
        String within = context.deadline().map(d -> "the caller's deadline").orElse("the stop");
        for (int i = 0; i < services.length; i++) {
            if (stopped != null && !stopped[i].isDone()) {
                errors.putIfAbsent(services[i].name, new TimeoutException(
                        quote(services[i].name) + " was still stopping when " + within + " passed"));
            }
        }
        return errors;
    }

    private Map<String, Throwable> errorsInOrder() {
        Map<String, Throwable> errors = new LinkedHashMap<>();
        for (ManagedService service : services) {
            Throwable e = stopErrors.get(service.name);
            if (e != null) {
                errors.put(service.name, e);
            }
        }
        return errors;
    }

    /**
     * Returns the budget of a service's stop during the run's stop: at most its stop timeout, and
     * at most the time left before the deadline divided by the stop levels still to run from its
     * own down to the last, so one hung service cannot take the time its dependencies need. Zero
     * once the deadline passed: the stop is still called, with a cancelled context.
     */
    long stopBudget(ManagedService service) {
        long timeout = Timer.nanos(service.config.stopTimeout());
        long deadline = shutdownDeadline;
        if (deadline == Long.MAX_VALUE) {
            return timeout;
        }
        long left = deadline - System.nanoTime();
        return left <= 0 ? 0 : Math.min(timeout, left / service.stopLevelsLeft);
    }

    /** Records that a service did not stop cleanly during the shutdown; the first error is kept. */
    void recordStopError(ManagedService service, Throwable error) {
        stopErrors.putIfAbsent(service.name, error);
    }

    /**
     * Returns, by index, how many stop levels run from a service's own down to the last: services
     * nothing depends on stop at the first level, and each dependency one level after its last
     * dependent.
     */
    private static int[] stopLevelsLeft(DependencyGraph graph, int n) {
        int[] level = new int[n];
        int[] order = graph.topologicalOrder();
        int levels = 0;
        for (int k = order.length - 1; k >= 0; k--) {
            int i = order[k];
            for (int d : graph.dependents(i)) {
                level[i] = Math.max(level[i], level[d] + 1);
            }
            levels = Math.max(levels, level[i] + 1);
        }
        int[] left = new int[n];
        for (int i = 0; i < n; i++) {
            left[i] = levels - level[i];
        }
        return left;
    }

    /** Returns a context's deadline by {@link System#nanoTime()}, or {@code Long.MAX_VALUE} for none. */
    private static long nanoDeadline(Context context) {
        return context.deadline()
                .map(d -> System.nanoTime() + Math.clamp(Timer.nanos(Duration.between(Instant.now(), d)),
                        -Long.MAX_VALUE / 4, Long.MAX_VALUE / 4))
                .orElse(Long.MAX_VALUE);
    }

    /** Returns the distinct timeouts and intervals of the services' configurations, first seen first. */
    private static Set<Duration> usualDelays(List<Registration> services) {
        Set<ServiceConfig> configs = Collections.newSetFromMap(new IdentityHashMap<>()); // most share one
        Set<Duration> delays = new LinkedHashSet<>();
        for (Registration r : services) {
            ServiceConfig c = r.config();
            if (configs.add(c)) {
                delays.addAll(List.of(c.startTimeout(), c.stopTimeout(), c.healthTimeout(), c.healthInterval()));
            }
        }
        return delays;
    }
}
