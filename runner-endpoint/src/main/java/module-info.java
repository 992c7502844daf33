/**
 * Operating a Runner from outside the process: MicroProfile Health JSON for Kubernetes' probes,
 * an HTML status page, and pictures of the start timeline and the dependency graph, served by the
 * JDK's HTTP server ({@link dev.runner.endpoint.HealthEndpoint}) or drawn on their own
 * ({@link dev.runner.endpoint.Pictures}).
 *
 * <p>It needs only the JDK: {@code jdk.httpserver} serves the routes, on virtual threads.
 */
module dev.runner.endpoint {
    requires transitive dev.runner;
    requires jdk.httpserver;

    exports dev.runner.endpoint;
}
