package dev.runner;

/** Where a runner is in its life, as {@link RunnerStatus#phase()} reports it. */
public enum RunPhase {
    /** Created, never started. */
    IDLE,
    /** In {@code start}. */
    STARTING,
    /** {@code start} returned; the services are supervised. */
    RUNNING,
    /** In {@code stop}, also the one that follows a failed start. */
    STOPPING,
    /** Stopped: every service it started was stopped. */
    STOPPED,
    /** A critical service gave up; the runner stops (or has stopped) every service by itself. */
    FAILED
}
