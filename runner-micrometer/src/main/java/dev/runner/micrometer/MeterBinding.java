package dev.runner.micrometer;

import dev.runner.Runner;
import dev.runner.ServiceEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One {@link RunnerMetrics#bindTo} call: the meters of one runner in one registry, and the event
 * listener that feeds them. The runner holds the listener, and the listener holds the meters' state,
 * so the meters live as long as the runner does.
 *
 * <p>Invariant: a service's meters are registered before its first event is counted; services
 * added after binding get their meters at their first event.
 */
final class MeterBinding implements Consumer<ServiceEvent> {

    private final MeterRegistry registry;
    private final Tags runnerTags;
    private final StatusSnapshot snapshot;
    private final Map<String, ServiceMeters> services = new ConcurrentHashMap<>();

    MeterBinding(Runner runner, MeterRegistry registry) {
        this.registry = registry;
        this.runnerTags = Tags.of("runner", runner.name());
        this.snapshot = new StatusSnapshot(runner::status);
        Gauge.builder("runner.ready", snapshot, s -> s.get().ready() ? 1 : 0)
                .tags(runnerTags)
                .description("1 when the runner started and every service that gates readiness is healthy")
                .strongReference(true)
                .register(registry);
        Gauge.builder("runner.live", snapshot, s -> s.get().live() ? 1 : 0)
                .tags(runnerTags)
                .description("1 unless a critical service gave up and failed the runner")
                .strongReference(true)
                .register(registry);
        snapshot.get().services().keySet().forEach(this::meters);
    }

    private ServiceMeters meters(String service) {
        return services.computeIfAbsent(service, name -> new ServiceMeters(registry, runnerTags, name, snapshot));
    }

    /**
     * Counts and times one event. A start failure is a {@code Starting} whose next event of the
     * service is {@code Restarting} or {@code GaveUp}: the runner's decision after a start that
     * threw or timed out. A {@code Starting} followed by anything else is no start failure: by
     * {@code Started} it returned, by {@code Stopping} it returned as the runner's stop began.
     */
    @Override
    public void accept(ServiceEvent event) {
        ServiceMeters meters = meters(event.service());
        boolean wasStarting = meters.startPending.getAndSet(event instanceof ServiceEvent.Starting);
        switch (event) {
            case ServiceEvent.Started started -> meters.start.record(started.took());
            case ServiceEvent.Ready ready -> meters.ready.record(ready.sinceLaunch());
            case ServiceEvent.Stopped stopped -> meters.stop.record(stopped.took());
            case ServiceEvent.Exited exited when exited.cause() != null -> meters.failures.get(FailureKind.EXIT).increment();
            case ServiceEvent.Unhealthy unhealthy -> meters.failures.get(FailureKind.HEALTH).increment();
            case ServiceEvent.Restarting restarting -> {
                meters.restarts.incrementAndGet();
                countStartFailure(meters, wasStarting);
            }
            case ServiceEvent.GaveUp gaveUp -> countStartFailure(meters, wasStarting);
            default -> {
            }
        }
    }

    private static void countStartFailure(ServiceMeters meters, boolean wasStarting) {
        if (wasStarting) {
            meters.failures.get(FailureKind.START).increment();
        }
    }
}
