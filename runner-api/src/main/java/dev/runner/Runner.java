package dev.runner;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a group of services: starts them in dependency order, concurrently wherever the graph
 * allows, supervises and restarts them by policy, reports their health, and stops them in reverse
 * order.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Runner runner = Runner.create("app");
 *     runner.add(database, Option.restartPolicy(RestartPolicy.ALWAYS));
 *     runner.add(api, Option.dependsOn("database"), Option.startDelay(Duration.ofSeconds(2)));
 *     runner.run();   // starts, stops on SIGTERM or SIGINT, returns once everything stopped
 * }
 * }</pre>
 *
 * <p>A runner is itself a {@link Service}, so runners nest: a child runner with a failed service
 * reports {@link Context#exited} to its parent, whose restart policy decides. All methods are safe
 * to call from any thread.
 */
public interface Runner extends Service {

    /**
     * Creates a runner with the engine found through {@code ServiceLoader<RunnerProvider>}.
     *
     * <p>The engine is bound once, at the first call, and every later call uses that binding. It
     * is looked up through the class loader of Runner, then through the thread's context class
     * loader; a provider that fails to load is skipped with a warning naming it. With several
     * engines, the system property {@code dev.runner.engine} chooses one by its class name.
     *
     * @param name the runner's name, used in logs and as its service name
     * @return a new, empty runner
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws IllegalStateException    if no engine is installed (add {@code runner-engine}), or
     *                                  several are and {@code dev.runner.engine} does not name one
     *                                  of them: the message names every engine found
     */
    static Runner create(String name) {
        if (name == null) {
            throw new NullPointerException("runner name must not be null");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("runner name must not be blank");
        }
        return Providers.runnerProvider().create(name);
    }

    /**
     * Adds a service with options applied in order.
     *
     * @param service the service; its name must be unique within this runner
     * @param options the options
     * @throws NullPointerException     if {@code service}, an option or the service's name is null
     * @throws IllegalArgumentException if the name is blank or already added
     * @throws IllegalStateException    if the runner is running
     */
    void add(Service service, Option... options);

    /**
     * Returns the configuration of an added service.
     *
     * @param serviceName the service's name
     * @return its configuration, or empty if no such service was added
     */
    Optional<ServiceConfig> config(String serviceName);

    /**
     * Starts every service in dependency order and returns once every service's {@code start}
     * returned.
     *
     * <p>On the first failure it cancels what is in flight, stops what was started in reverse
     * order, and throws; nothing is left running.
     *
     * @param context bounds the whole start with its deadline
     * @throws StartException if the runner is empty or running, the dependency graph is invalid,
     *                        or a service failed to start (the exception names it)
     */
    @Override
    void start(Context context);

    /**
     * Starts with no deadline.
     *
     * @throws StartException as {@link #start(Context)}
     */
    default void start() {
        start(Context.background());
    }

    /**
     * Starts within {@code timeout}.
     *
     * @param timeout bounds the whole start
     * @throws StartException as {@link #start(Context)}
     */
    default void start(Duration timeout) {
        start(Context.withTimeout(timeout));
    }

    /**
     * Stops every service in reverse dependency order, each within its stop timeout and the
     * caller's deadline. Idempotent, and safe concurrently with {@code start}.
     *
     * @param context bounds the whole stop with its deadline
     * @throws StopException after trying every service, if one did not stop cleanly
     */
    @Override
    void stop(Context context);

    /**
     * Stops with no deadline beyond each service's stop timeout.
     *
     * @throws StopException as {@link #stop(Context)}
     */
    default void stop() {
        stop(Context.background());
    }

    /**
     * Stops within {@code timeout}.
     *
     * @param timeout bounds the whole stop
     * @throws StopException as {@link #stop(Context)}
     */
    default void stop(Duration timeout) {
        stop(Context.withTimeout(timeout));
    }

    /**
     * Returns the aggregate health: up when every service is healthy, otherwise down with detail
     * {@code "unhealthy services: a: <error>, b: <error>"}. Never hangs on a stuck check.
     *
     * @return the aggregate health
     */
    @Override
    Health health();

    /**
     * Checks every added service now, concurrently, each bounded by its health timeout.
     *
     * @return the aggregate and per-service health, in the order the services were added
     */
    HealthStatus healthStatus();

    /**
     * Tells whether the runner is running: from when {@code start} begins until {@code start}
     * fails or {@code stop} ends.
     *
     * @return true while running
     */
    boolean isRunning();

    /**
     * Adds a listener that receives every later {@link ServiceEvent} of this runner's services.
     * Events are delivered on a thread of the runner's own, per service in the order they
     * happened; a listener that throws is logged and the others go on.
     *
     * @param listener the listener; adding it twice delivers each event to it twice
     * @throws NullPointerException if {@code listener} is null
     */
    void addListener(Consumer<? super ServiceEvent> listener);

    /**
     * Removes a listener added with {@link #addListener}; it receives no event delivered after
     * this returns. Does nothing if it was not added.
     *
     * @param listener the listener
     * @throws NullPointerException if {@code listener} is null
     */
    void removeListener(Consumer<? super ServiceEvent> listener);

    /**
     * Returns what supervision last saw: the phase, and for each service its state and the result
     * of its last check. Never runs a check and never waits for a service, so it is cheap to poll.
     *
     * @return the status, services in the order they were added
     */
    RunnerStatus status();

    /**
     * Returns the start and stop marks of each service in the current or last run.
     *
     * @return the timeline; with no run yet, its origin is now and every mark is null
     */
    Timeline timeline();

    /**
     * Runs until stopped, with a stop timeout of 30 s; see {@link #run(Duration)}.
     *
     * @throws StartException   if the start fails
     * @throws RunnerException  if a critical service gave up
     */
    default void run() {
        run(Duration.ofSeconds(30));
    }

    /**
     * Registers a JVM shutdown hook, starts, and blocks until the runner stops: by the hook
     * (SIGTERM, SIGINT), by {@code stop} from another thread, or because a critical service gave
     * up. The hook stops within {@code stopTimeout} and returns only then, so the JVM exits after
     * the services stopped. The hook is removed when this returns outside a JVM shutdown.
     *
     * @param stopTimeout the bound of the stop the hook makes
     * @throws NullPointerException     if {@code stopTimeout} is null
     * @throws IllegalArgumentException if {@code stopTimeout} is not positive
     * @throws StartException           if the start fails (nothing is left running)
     * @throws RunnerException          naming the service, with its cause, if a critical service
     *                                  gave up (everything was stopped)
     */
    void run(Duration stopTimeout);

    /**
     * Blocks until the runner is not running: its stop ended, or its start failed. Returns at once
     * when it is not running.
     *
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    void awaitStopped() throws InterruptedException;

    /**
     * Blocks until the runner is not running, at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return true if it is not running, false if the time ran out first
     * @throws NullPointerException if {@code timeout} is null
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    boolean awaitStopped(Duration timeout) throws InterruptedException;
}
