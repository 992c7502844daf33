package dev.runner.micrometer;

import dev.runner.Runner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Micrometer meters of a runner and its services.
 *
 * <pre>{@code
 * new RunnerMetrics(runner).bindTo(registry);     // e.g. a PrometheusMeterRegistry
 * }</pre>
 *
 * <p>Every meter is tagged {@code runner} (the runner's name); those of a service also
 * {@code service}:
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>value</th></tr>
 *   <tr><td>{@code runner.service.up}</td><td>gauge</td><td>1 when the service is {@code RUNNING}
 *       and its last health check passed, else 0</td></tr>
 *   <tr><td>{@code runner.service.state}</td><td>gauge, tag {@code state}</td><td>one per
 *       {@link dev.runner.ServiceState}: 1 for the current state, 0 for the others</td></tr>
 *   <tr><td>{@code runner.service.restarts}</td><td>function counter</td><td>restarts, one per
 *       {@code Restarting} event, also those with a bound dependency; unlike
 *       {@link dev.runner.ServiceStatus#restarts()} it never resets, as a counter must not</td></tr>
 *   <tr><td>{@code runner.service.failures}</td><td>counter, tag {@code kind}</td><td>{@code exit}:
 *       an {@code Exited} event with a cause; {@code health}: an {@code Unhealthy} event (the turn
 *       from healthy, or from not yet checked, to unhealthy); {@code start}: a {@code Starting}
 *       event whose next event of the service is {@code Restarting} or {@code GaveUp}, that is a
 *       start call that threw or timed out after which the runner restarted the service or gave it
 *       up. A first start that fails the runner's own {@code start} is reported by that call's
 *       {@code StartException}, not here: the runner emits no event for it.</td></tr>
 *   <tr><td>{@code runner.service.start}</td><td>timer</td><td>each {@code start} call that
 *       returned ({@code Started.took})</td></tr>
 *   <tr><td>{@code runner.service.ready}</td><td>timer</td><td>from launch (dependencies ready) to
 *       the first passed check ({@code Ready.sinceLaunch})</td></tr>
 *   <tr><td>{@code runner.service.stop}</td><td>timer</td><td>each {@code stop} call
 *       ({@code Stopped.took})</td></tr>
 *   <tr><td>{@code runner.ready}, {@code runner.live}</td><td>gauge</td><td>1 when
 *       {@link dev.runner.RunnerStatus#ready()} / {@link dev.runner.RunnerStatus#live()}</td></tr>
 * </table>
 *
 * <p>Gauges read {@link Runner#status()}, which never runs a check, at most once per 100 ms
 * however many gauges a scrape reads; counters and timers count the runner's
 * {@link dev.runner.ServiceEvent events} from a listener added by {@link #bindTo}, so they see what
 * happens after binding. The meters of every service added before binding show at zero from the
 * start; a service added later gets its meters at its first event.
 */
public final class RunnerMetrics implements MeterBinder {

    private final Runner runner;

    /**
     * Creates the binder of a runner's meters.
     *
     * @param runner the runner
     * @throws NullPointerException if {@code runner} is null
     */
    public RunnerMetrics(Runner runner) {
        this.runner = Objects.requireNonNull(runner, "runner must not be null");
    }

    /**
     * Registers the meters in {@code registry} and adds a listener to the runner that keeps the
     * counters and timers. Binding to several registries registers in each; binding twice to one
     * registry counts each event twice there.
     *
     * @param registry the registry
     * @throws NullPointerException if {@code registry} is null
     * @throws RuntimeException     whatever the runner's {@code status()} throws
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry must not be null");
        runner.addListener(new MeterBinding(runner, registry));
    }

    @Override
    public String toString() {
        return "RunnerMetrics[" + runner.name() + "]";
    }
}
