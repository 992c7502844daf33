package dev.runner;

/** Where a service is in its lifecycle within its runner. */
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
