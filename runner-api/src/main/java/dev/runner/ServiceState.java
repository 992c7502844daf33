package dev.runner;

/**
 * Where a service is in its lifecycle within its runner.
 *
 * <p>Within one run a service moves along these arcs, and no others (the engine checks every
 * change against this table); each arc names the event it emits, if any:
 * <pre>
 * NEW ──────────> WAITING                  the run is built: it waits for its dependencies
 * WAITING ──────> STARTING                 dependencies ready, delay over     (Starting)
 *         ──────> FAILED                   start timed out in its delay
 *         ──────> STOPPED                  the run stopped before it began
 * STARTING ─────> RUNNING                  start returned                     (Started)
 *          ─────> BACKING_OFF              start threw, a restart is left     (Restarting)
 *          ─────> FAILED                   start threw for good
 *          ─────> STOPPED                  start given up by the run's stop
 *          ─────> STOPPING                 start returned as the run's stop began (Started, Stopping)
 * RUNNING ──────> BACKING_OFF              exit or failed checks, a restart is left (Restarting)
 *         ──────> STOPPING                 the run's stop, a bound stop, or giving up (Stopping)
 * BACKING_OFF ──> STOPPING                 backoff over: stop the old instance (Stopping)
 *             ──> STARTING                 backoff over, no instance to stop  (Starting)
 *             ──> STOPPED                  the run stopped during the backoff
 * STOPPING ─────> STOPPED                  stopped                            (Stopped)
 *          ─────> FAILED                   stopped after giving up            (Stopped)
 *          ─────> STARTING                 stopped for a restart, starting again (Stopped, Starting)
 *          ─────> WAITING                  stopped for a bound dependency's restart (Stopped)
 * STOPPED, FAILED                          final within the run
 * </pre>
 * A failure that finds no restart left after failed checks emits {@code GaveUp} and leaves the
 * service {@code RUNNING} and unhealthy. {@code Ready}, {@code Unhealthy}, {@code Recovered} and
 * {@code Exited} report what the checks and the service said without a change of state; so do
 * {@code Started}, {@code Stopping} and {@code Stopped} for a start that returned after the run gave
 * it up, which counts as started and is stopped at once. A new run starts every service again
 * from {@code NEW}.
 */
public enum ServiceState {
    /** Added; its runner has not started it. */
    NEW,
    /** Waiting for its dependencies to be ready, or in its start delay. */
    WAITING,
    /** In its {@code start} call. */
    STARTING,
    /** Its {@code start} returned; it is supervised. */
    RUNNING,
    /** It failed or exited and waits for its restart. */
    BACKING_OFF,
    /** In its {@code stop} call. */
    STOPPING,
    /** Stopped: by its runner, or after a clean exit that is not restarted. */
    STOPPED,
    /** Failed and not restarted. */
    FAILED
}
