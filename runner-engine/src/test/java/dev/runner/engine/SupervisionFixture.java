package dev.runner.engine;

import dev.runner.Option;
import dev.runner.RestartConfig;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import dev.runner.ServiceStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * What the supervision tests (DESIGN.md, version 2, "Supervision") share on top of
 * {@link RunnerFixture}: quick restarts with jitter off, frequent health checks, a listener on a
 * runner's events, and waiting for the health checks a {@link TestService} or a
 * {@link ScriptedProbe} recorded.
 */
abstract class SupervisionFixture extends RunnerFixture {

    /** The wait before every restart, with no jitter, so restarts follow each other closely. */
    static final Duration BACKOFF = Duration.ofMillis(10);
    /** Health checks every 20 ms, so a run of checks comes quickly. */
    static final Option FAST_CHECKS = Option.healthCheck(Duration.ofMillis(20), Duration.ofSeconds(1));
    /** Health checks so rare that only the one right after a start is made during a test. */
    static final Option NO_POLLING = Option.healthCheck(Duration.ofHours(1), Duration.ofSeconds(5));

    /** Returns a restart configuration with {@link #BACKOFF} before every restart and no jitter. */
    static RestartConfig quickRestarts(RestartPolicy policy, int maxRetries) {
        return RestartConfig.defaults().withPolicy(policy).withMaxRetries(maxRetries)
                .withBackoff(BACKOFF, BACKOFF, 1.0).withJitter(false);
    }

    /** Returns the option of {@link #quickRestarts}. */
    static Option restarts(RestartPolicy policy, int maxRetries) {
        return Option.restartConfig(quickRestarts(policy, maxRetries));
    }

    /** Returns what the runner's status says of one service. */
    static ServiceStatus statusOf(Runner runner, String service) {
        return runner.status().services().get(service);
    }

    /** Adds a new recording listener to the runner and returns it. */
    static SupervisionListener listen(Runner runner) {
        SupervisionListener listener = new SupervisionListener();
        runner.addListener(listener);
        return listener;
    }

    /** Waits until the service's instance has started and is not stopped yet. */
    void awaitUp(TestService service, int instance) {
        eventually(() -> service.startsReturned() == instance && service.isUp());
    }

    /** Waits for the first health check of the service (or probe) with that detail, and returns it. */
    Event awaitCheck(String service, String detail) {
        eventually(() -> findCheck(service, detail).isPresent());
        return findCheck(service, detail).orElseThrow();
    }

    private Optional<Event> findCheck(String service, String detail) {
        return log.of(service, Event.Kind.HEALTH).stream().filter(e -> e.detail().equals(detail)).findFirst();
    }

    /** Waits until the instance of the service passed {@code count} health checks. */
    void awaitPassedChecks(String service, int instance, int count) {
        eventually(() -> log.of(service, Event.Kind.HEALTH).stream()
                .filter(e -> e.instance() == instance && e.detail().equals("up")).count() >= count);
    }

    /** Waits until the service (or probe) of {@code after} was checked {@code count} more times, whatever the result. */
    void awaitChecksAfter(Event after, int count) {
        eventually(() -> log.of(after.service(), Event.Kind.HEALTH).stream().filter(e -> e.seq() > after.seq()).count() >= count);
    }

    /** Waits until the service (or probe) passed {@code count} health checks after {@code after}. */
    void awaitPassedChecksAfter(String service, Event after, int count) {
        eventually(() -> log.of(service, Event.Kind.HEALTH).stream()
                .filter(e -> e.seq() > after.seq() && e.detail().equals("up")).count() >= count);
    }
}
