/**
 * Micrometer meters of a Runner: whether each service is up, its state, restarts and failures,
 * how long its starts, readiness and stops take, and whether the runner is ready and live
 * ({@link dev.runner.micrometer.RunnerMetrics}).
 *
 * <p>It needs only {@code micrometer-core}; a registry such as Prometheus' is the application's
 * choice.
 */
@SuppressWarnings("requires-transitive-automatic")  // micrometer-core is an automatic module; RunnerMetrics is a MeterBinder
module dev.runner.micrometer {
    requires transitive dev.runner;
    requires transitive micrometer.core;

    exports dev.runner.micrometer;
}
