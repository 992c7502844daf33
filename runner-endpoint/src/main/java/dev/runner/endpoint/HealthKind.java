package dev.runner.endpoint;

import dev.runner.RunnerStatus;
import dev.runner.ServiceState;
import dev.runner.ServiceStatus;

/**
 * The question a health route answers, and how each service's check answers it, all from one
 * {@link RunnerStatus} (never a check run for the request).
 *
 * <p>Invariant: a route's overall status is the runner's own flag ({@code live}, {@code ready},
 * {@code started}, or all three for {@code /health}), and the checks are chosen so that, whenever a
 * route lists a check, the AND of its checks is that flag, as MicroProfile Health has it:
 * <ul>
 *   <li>{@link #LIVE}: every service is listed. A check is DOWN only while the runner is not live,
 *       and only for the critical service that made it fail: a critical service in state
 *       {@code FAILED}, or, when none is (it gave up after failed checks and was stopped with the
 *       rest), a critical service with a failure on record. A non-critical service that failed is
 *       UP here: the runner goes on without it, and restarting the process would not help it.</li>
 *   <li>{@link #READY}: only the services whose {@code readiness} counts are listed (a
 *       {@code readiness(false)} service would otherwise show DOWN on a route that is UP). A check
 *       is UP when the runner started and the service is {@code RUNNING} with its last check
 *       passed.</li>
 *   <li>{@link #STARTED}: every service is listed, UP when the runner's {@code start} returned and
 *       its {@code stop} has not begun; a service restarting later does not undo that.</li>
 *   <li>{@link #ALL}: every service is listed once, UP when it is UP on each of the three routes
 *       that list it.</li>
 * </ul>
 * The {@code data} of each check shows the service's state, so a DOWN route says which service
 * holds it down.
 */
enum HealthKind {

    /** {@code /health/live}: the runner has not failed; Kubernetes restarts the pod when DOWN. */
    LIVE("/health/live") {
        @Override
        boolean runnerUp(RunnerStatus status) {
            return status.live();
        }

        @Override
        boolean serviceUp(RunnerStatus status, ServiceStatus service) {
            if (status.live() || !service.critical()) {
                return true;
            }
            boolean anyCriticalFailed = status.services().values().stream()
                    .anyMatch(s -> s.critical() && s.state() == ServiceState.FAILED);
            return anyCriticalFailed ? service.state() != ServiceState.FAILED : service.lastFailure() == null;
        }
    },

    /** {@code /health/ready}: the runner started and every service that counts is healthy. */
    READY("/health/ready") {
        @Override
        boolean runnerUp(RunnerStatus status) {
            return status.ready();
        }

        @Override
        boolean lists(ServiceStatus service) {
            return service.readiness();
        }

        @Override
        boolean serviceUp(RunnerStatus status, ServiceStatus service) {
            return status.started() && service.state() == ServiceState.RUNNING && service.healthy();
        }
    },

    /** {@code /health/started}: the runner's {@code start} returned and its stop has not begun. */
    STARTED("/health/started") {
        @Override
        boolean runnerUp(RunnerStatus status) {
            return status.started();
        }

        @Override
        boolean serviceUp(RunnerStatus status, ServiceStatus service) {
            return status.started();
        }
    },

    /** {@code /health}: live, ready and started together. */
    ALL("/health") {
        @Override
        boolean runnerUp(RunnerStatus status) {
            return LIVE.runnerUp(status) && READY.runnerUp(status) && STARTED.runnerUp(status);
        }

        @Override
        boolean serviceUp(RunnerStatus status, ServiceStatus service) {
            return LIVE.serviceUp(status, service)
                    && (!READY.lists(service) || READY.serviceUp(status, service))
                    && STARTED.serviceUp(status, service);
        }
    };

    private final String path;

    HealthKind(String path) {
        this.path = path;
    }

    /** Returns the route's path, such as {@code /health/live}. */
    String path() {
        return path;
    }

    /** Tells whether the route is UP: the runner's own flag for it. */
    abstract boolean runnerUp(RunnerStatus status);

    /** Tells whether the route lists a check for this service: every route lists all but {@link #READY}. */
    boolean lists(ServiceStatus service) {
        return true;
    }

    /** Tells whether this service's check is UP on this route. */
    abstract boolean serviceUp(RunnerStatus status, ServiceStatus service);
}
