package dev.runner.micrometer;

/**
 * What failed, as the {@code kind} tag of {@code runner.service.failures} says it; each kind is
 * read from the runner's events (see {@link RunnerMetrics}).
 */
enum FailureKind {
    /** The service reported that it ended with a cause: {@code Exited} with a non-null cause. */
    EXIT("exit"),
    /** The service turned unhealthy: {@code Unhealthy}. */
    HEALTH("health"),
    /** A {@code start} call threw or timed out and the runner restarted or gave up on the service. */
    START("start");

    private final String tag;

    FailureKind(String tag) {
        this.tag = tag;
    }

    /** Returns the tag's value. */
    String tag() {
        return tag;
    }
}
