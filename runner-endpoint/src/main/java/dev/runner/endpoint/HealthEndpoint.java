package dev.runner.endpoint;

import com.sun.net.httpserver.HttpServer;
import dev.runner.Runner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves a runner's health and status over HTTP with the JDK's {@code HttpServer}, for Kubernetes'
 * probes, load balancers and people:
 * <ul>
 *   <li>{@code GET /health/live}, {@code /health/ready}, {@code /health/started} and
 *       {@code /health} (all three): MicroProfile Health JSON,
 *       {@code {"status":"UP","checks":[{"name":"db","status":"UP","data":{"state":"RUNNING","restarts":0}}]}},
 *       200 when UP and 503 when DOWN, {@code Content-Type: application/json};</li>
 *   <li>{@code GET /runner}: an HTML status page that refreshes itself; {@code /runner/status}: the
 *       {@link dev.runner.RunnerStatus} as JSON; {@code /runner/timeline.svg} and
 *       {@code /runner/graph.svg}: the {@link Pictures}.</li>
 * </ul>
 * Another path answers 404, another method than GET or HEAD 405.
 *
 * <p><b>What each health route means.</b> Each route's overall status is the runner's own flag:
 * {@code live} ({@link dev.runner.RunnerStatus#live()}: no critical service gave up),
 * {@code ready} ({@link dev.runner.RunnerStatus#ready()}) and {@code started}
 * ({@link dev.runner.RunnerStatus#started()}); {@code /health} is UP when all three are. There is
 * one check per service, and the checks are chosen so that their AND is the route's status, as
 * MicroProfile Health requires: on {@code /health/live} only the critical service that made the
 * runner fail is DOWN (a non-critical service that failed does not make the process worth
 * restarting); {@code /health/ready} lists only the services whose readiness counts
 * ({@code Option.readiness(true)}, the default), each UP when the runner started and the service
 * runs with its last check passed; on {@code /health/started} each check is UP once the runner's
 * start returned, until its stop begins. Each check's {@code data} holds the service's
 * {@code state} and {@code restarts}; with {@link Builder#showDetails(boolean) showDetails}, also
 * {@code detail} and {@code lastFailure} (probes have already masked their secrets).
 *
 * <p><b>Never held up by a service.</b> Every answer is made from {@link Runner#status()} (and
 * {@link Runner#timeline()} and {@link Runner#config}), which report what supervision last saw: a
 * request never runs a check, so a hung health check cannot hang a probe. Requests are served on
 * virtual threads, one each.
 *
 * <pre>{@code
 * Runner runner = Runner.create("app");
 * ...
 * try (HealthEndpoint endpoint = HealthEndpoint.builder(runner)
 *         .address(new InetSocketAddress(8081))     // all interfaces, for Kubernetes' probes
 *         .start()) {
 *     runner.run();
 * }
 * }</pre>
 */
public final class HealthEndpoint implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HealthEndpoint.class.getName());

    private final HttpServer server;
    private final ExecutorService requests;
    private final String runnerName;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HealthEndpoint(HttpServer server, ExecutorService requests, String runnerName) {
        this.server = server;
        this.requests = requests;
        this.runnerName = runnerName;
    }

    /**
     * Starts serving {@code runner} on {@code address}, without details.
     *
     * @param runner  the runner to report on
     * @param address where to listen; port 0 picks a free port, which {@link #address()} tells
     * @return the running endpoint
     * @throws NullPointerException if an argument is null
     * @throws UncheckedIOException if the address cannot be bound (in use, or not this machine's)
     */
    public static HealthEndpoint start(Runner runner, InetSocketAddress address) {
        Objects.requireNonNull(address, "address must not be null");
        return builder(runner).address(address).start();
    }

    /**
     * Returns a builder for an endpoint serving {@code runner}: on the loopback address with a
     * free port and without details unless told otherwise.
     *
     * @param runner the runner to report on
     * @return a new builder
     * @throws NullPointerException if {@code runner} is null
     */
    public static Builder builder(Runner runner) {
        return new Builder(Objects.requireNonNull(runner, "runner must not be null"));
    }

    /**
     * Returns the address the endpoint listens on, with the port it was given when asked for 0.
     *
     * @return the bound address
     */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * Stops listening at once; requests in flight are cut off. Idempotent. The runner is not
     * touched.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            requests.shutdownNow();
            LOG.log(System.Logger.Level.DEBUG, () -> "health endpoint of runner " + runnerName + " closed");
        }
    }

    @Override
    public String toString() {
        return "HealthEndpoint[runner=" + runnerName + ", address=" + address() + (closed.get() ? ", closed]" : "]");
    }

    /** Configures and starts a {@link HealthEndpoint}; not safe for use by several threads at once. */
    public static final class Builder {

        private final Runner runner;
        private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private boolean showDetails;

        private Builder(Runner runner) {
            this.runner = runner;
        }

        /**
         * Sets where to listen; the default is the loopback address with a free port. Use
         * {@code new InetSocketAddress(port)} to listen on every interface, as Kubernetes' probes
         * need.
         *
         * @param address the address; port 0 picks a free port
         * @return this builder
         * @throws NullPointerException if {@code address} is null
         */
        public Builder address(InetSocketAddress address) {
            this.address = Objects.requireNonNull(address, "address must not be null");
            return this;
        }

        /**
         * Sets whether the health answers, the status page and {@code /runner/status} show each
         * service's health {@code detail} and {@code lastFailure}; off by default, since failure
         * messages can tell more about the inside than a probe's caller needs.
         *
         * @param showDetails true to show them
         * @return this builder
         */
        public Builder showDetails(boolean showDetails) {
            this.showDetails = showDetails;
            return this;
        }

        /**
         * Binds the address and starts serving.
         *
         * @return the running endpoint
         * @throws UncheckedIOException if the address cannot be bound (in use, or not this machine's)
         */
        public HealthEndpoint start() {
            HttpServer server;
            try {
                server = HttpServer.create(address, 0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + address + " for runner " + runner.name()
                        + ": " + e.getMessage(), e);
            }
            ExecutorService requests = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("runner-endpoint/" + runner.name() + "/request-", 0).factory());
            server.setExecutor(requests);
            server.createContext("/", new Routes(runner, showDetails));
            server.start();
            HealthEndpoint endpoint = new HealthEndpoint(server, requests, runner.name());
            LOG.log(System.Logger.Level.INFO, () -> "health endpoint of runner " + runner.name()
                    + " listening on " + endpoint.address());
            return endpoint;
        }
    }
}
