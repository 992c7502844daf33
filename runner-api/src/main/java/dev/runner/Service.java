package dev.runner;

/**
 * A part of an application with a lifecycle: started once its dependencies are ready, stopped in
 * reverse order, and watched while it runs.
 *
 * <p>Each {@code start} that returns normally is paired with exactly one {@code stop}. The runner
 * calls {@code start} and {@code stop} on virtual threads of its own; a call that overruns its
 * timeout is interrupted, so blocking code should respond to interruption.
 */
public interface Service {

    /**
     * Returns the service's name, unique within its runner.
     *
     * @return the name; never null or blank
     */
    String name();

    /**
     * Starts the service and returns once it is up.
     *
     * <p>The context stays the service's channel for {@link Context#exited} until the service is
     * stopped: a service that later ends by itself reports it there.
     *
     * @param context the deadline and cancellation of this call
     * @throws Exception if the service cannot start; it then gets no {@code stop}
     */
    void start(Context context) throws Exception;

    /**
     * Stops the service gracefully within {@link Context#deadline()}.
     *
     * @param context the deadline of this call; cancelled once the deadline has passed
     * @throws Exception if the service did not stop cleanly; it is recorded and the runner goes on
     */
    void stop(Context context) throws Exception;

    /**
     * Reports the service's health; must be quick.
     *
     * <p>A check that throws counts as unhealthy with the exception as its cause; a check that
     * overruns its health timeout counts as unhealthy and is interrupted.
     *
     * @return the current health; {@link Health#up()} by default
     */
    default Health health() {
        return Health.up();
    }
}
