package dev.runner.micrometer;

import dev.runner.RunnerStatus;
import dev.runner.ServiceState;
import dev.runner.ServiceStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one service in one registry, tagged {@code runner} and {@code service}: the gauges
 * read the {@link StatusSnapshot}; the counters and timers are fed by {@link MeterBinding} from the
 * runner's events.
 *
 * <p>Invariant: {@link #startPending} is true from a {@code Starting} event until the next event
 * of the service, which settles it; events of one service arrive in order, one at a time.
 */
final class ServiceMeters {

    final AtomicLong restarts = new AtomicLong();
    final Map<FailureKind, Counter> failures = new EnumMap<>(FailureKind.class);
    final Timer start;
    final Timer ready;
    final Timer stop;
    final AtomicBoolean startPending = new AtomicBoolean();

    /** Registers every meter of {@code service}, so each shows, at zero, before anything happened. */
    ServiceMeters(MeterRegistry registry, Tags runnerTags, String service, StatusSnapshot snapshot) {
        Tags tags = runnerTags.and("service", service);
        Gauge.builder("runner.service.up", snapshot, s -> up(s.get(), service))
                .tags(tags)
                .description("1 when the service is running and its last health check passed, else 0")
                .strongReference(true)
                .register(registry);
        for (ServiceState state : ServiceState.values()) {
            Gauge.builder("runner.service.state", snapshot, s -> is(s.get(), service, state))
                    .tags(tags.and("state", state.name()))
                    .description("1 for the service's current state, 0 for the others")
                    .strongReference(true)
                    .register(registry);
        }
        FunctionCounter.builder("runner.service.restarts", restarts, AtomicLong::get)
                .tags(tags)
                .description("restarts of the service, counted from the runner's Restarting events")
                .register(registry);
        for (FailureKind kind : FailureKind.values()) {
            failures.put(kind, Counter.builder("runner.service.failures")
                    .tags(tags.and("kind", kind.tag()))
                    .description("failures of the service: exit (ended with a cause), health (turned unhealthy), "
                            + "start (a start that threw or timed out)")
                    .register(registry));
        }
        start = Timer.builder("runner.service.start").tags(tags)
                .description("how long the service's start calls took")
                .register(registry);
        ready = Timer.builder("runner.service.ready").tags(tags)
                .description("from the service's launch (its dependencies ready) to its first passed check")
                .register(registry);
        stop = Timer.builder("runner.service.stop").tags(tags)
                .description("how long the service's stop calls took")
                .register(registry);
    }

    private static double up(RunnerStatus status, String service) {
        ServiceStatus s = status.services().get(service);
        return s == null ? Double.NaN : s.state() == ServiceState.RUNNING && s.healthy() ? 1 : 0;
    }

    private static double is(RunnerStatus status, String service, ServiceState state) {
        ServiceStatus s = status.services().get(service);
        return s == null ? Double.NaN : s.state() == state ? 1 : 0;
    }
}
