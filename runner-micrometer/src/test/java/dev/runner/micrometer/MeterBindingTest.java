package dev.runner.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.runner.RunPhase;
import dev.runner.Runner;
import dev.runner.RunnerStatus;
import dev.runner.ServiceEvent;
import dev.runner.ServiceState;
import dev.runner.ServiceStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the meters make of a runner's events and status, fed by hand: the rules of each counter,
 * the timers' values and the gauges' reading of the status.
 */
class MeterBindingTest {

    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");

    private final AtomicReference<RunnerStatus> status = new AtomicReference<>();
    private final AtomicInteger statusCalls = new AtomicInteger();
    private final AtomicReference<Consumer<? super ServiceEvent>> listener = new AtomicReference<>();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private Runner runner;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void bind() {
        status.set(status(RunPhase.IDLE, false, "db", ServiceState.NEW, false));
        runner = mock(Runner.class);
        when(runner.name()).thenReturn("shop");
        when(runner.status()).thenAnswer(invocation -> {
            statusCalls.incrementAndGet();
            return status.get();
        });
        doAnswer(invocation -> {
            listener.set(invocation.getArgument(0));
            return null;
        }).when(runner).addListener(any(Consumer.class));
        new RunnerMetrics(runner).bindTo(registry);
    }

    private static RunnerStatus status(RunPhase phase, boolean ready, String service, ServiceState state, boolean healthy) {
        Map<String, ServiceStatus> services = new LinkedHashMap<>();
        services.put(service, new ServiceStatus(state, healthy, null, null, 0, null, null, false, true));
        return new RunnerStatus("shop", phase, phase == RunPhase.RUNNING, ready, phase != RunPhase.FAILED, services);
    }

    private void send(ServiceEvent... events) {
        for (ServiceEvent event : events) {
            listener.get().accept(event);
        }
    }

    private double failures(String service, String kind) {
        return registry.get("runner.service.failures").tags("runner", "shop", "service", service, "kind", kind).counter().count();
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void everyMeterOfAServiceAddedBeforeBindingShowsAtZero() {
        assertEquals(0, registry.get("runner.service.restarts").tags("runner", "shop", "service", "db").functionCounter().count());
        for (String kind : new String[] {"exit", "health", "start"}) {
            assertEquals(0, failures("db", kind));
        }
        for (String timer : new String[] {"runner.service.start", "runner.service.ready", "runner.service.stop"}) {
            assertEquals(0, registry.get(timer).tags("runner", "shop", "service", "db").timer().count(), timer);
        }
        assertEquals(ServiceState.values().length, registry.get("runner.service.state").gauges().size());
        assertEquals(1, gauge("runner.service.state", "service", "db", "state", "NEW"));
        assertEquals(0, gauge("runner.service.up", "service", "db"));
        assertEquals(1, gauge("runner.live", "runner", "shop"));
        assertEquals(0, gauge("runner.ready", "runner", "shop"));
    }

    @Test
    void timersRecordWhatTheEventsSay() {
        send(new ServiceEvent.Starting("db", AT, 1),
                new ServiceEvent.Started("db", AT, 1, Duration.ofMillis(120)),
                new ServiceEvent.Ready("db", AT, Duration.ofMillis(150)),
                new ServiceEvent.Stopping("db", AT),
                new ServiceEvent.Stopped("db", AT, Duration.ofMillis(40), null));

        assertEquals(120, registry.get("runner.service.start").tags("service", "db").timer().totalTime(TimeUnit.MILLISECONDS), 0.001);
        assertEquals(150, registry.get("runner.service.ready").tags("service", "db").timer().totalTime(TimeUnit.MILLISECONDS), 0.001);
        assertEquals(40, registry.get("runner.service.stop").tags("service", "db").timer().totalTime(TimeUnit.MILLISECONDS), 0.001);
        assertEquals(0, failures("db", "start"), "Starting then Started is no failure");
    }

    @Test
    void anExitWithACauseIsAnExitFailureAndACleanExitIsNot() {
        send(new ServiceEvent.Exited("db", AT, null),
                new ServiceEvent.Exited("db", AT, new IOException("disk full")),
                new ServiceEvent.Restarting("db", AT, 1, Duration.ofSeconds(1), "exited with a failure: disk full"));

        assertEquals(1, failures("db", "exit"));
        assertEquals(0, failures("db", "start"), "the exit came after the start returned");
        assertEquals(1, registry.get("runner.service.restarts").tags("service", "db").functionCounter().count());
    }

    @Test
    void turningUnhealthyIsAHealthFailure() {
        send(new ServiceEvent.Unhealthy("db", AT, "slow"), new ServiceEvent.Recovered("db", AT),
                new ServiceEvent.Unhealthy("db", AT, "slow again"));

        assertEquals(2, failures("db", "health"));
    }

    @Test
    void aStartFollowedByARestartOrAGiveUpIsAStartFailure() {
        send(new ServiceEvent.Starting("db", AT, 2),
                new ServiceEvent.Restarting("db", AT, 2, Duration.ofSeconds(2), "failed to start: refused"),
                new ServiceEvent.Starting("db", AT, 3),
                new ServiceEvent.GaveUp("db", AT, new IOException("refused")));

        assertEquals(2, failures("db", "start"));
        assertEquals(1, registry.get("runner.service.restarts").tags("service", "db").functionCounter().count());
    }

    @Test
    void aStartThatReturnedAsTheStopBeganIsNoStartFailure() {
        send(new ServiceEvent.Starting("db", AT, 1), new ServiceEvent.Stopping("db", AT),
                new ServiceEvent.Stopped("db", AT, Duration.ofMillis(1), null),
                new ServiceEvent.Restarting("db", AT, 0, Duration.ZERO, "dependency \"x\" restarted"));

        assertEquals(0, failures("db", "start"));
    }

    @Test
    void aServiceUnknownAtBindingGetsItsMetersAtItsFirstEvent() {
        send(new ServiceEvent.Exited("late", AT, new IllegalStateException("x")));

        assertEquals(1, failures("late", "exit"));
        assertEquals(0, registry.get("runner.service.start").tags("service", "late").timer().count());
        assertTrue(Double.isNaN(gauge("runner.service.up", "service", "late")), "not in the status: no value");
    }

    @Test
    void gaugesFollowTheStatus() throws InterruptedException {
        status.set(status(RunPhase.RUNNING, true, "db", ServiceState.RUNNING, true));
        Thread.sleep(StatusSnapshot.MAX_AGE.toMillis() + 20);   // let the snapshot age out; no timing assert

        assertEquals(1, gauge("runner.service.up", "service", "db"));
        assertEquals(1, gauge("runner.service.state", "service", "db", "state", "RUNNING"));
        assertEquals(0, gauge("runner.service.state", "service", "db", "state", "NEW"));
        assertEquals(1, gauge("runner.ready", "runner", "shop"));

        status.set(status(RunPhase.FAILED, false, "db", ServiceState.FAILED, false));
        Thread.sleep(StatusSnapshot.MAX_AGE.toMillis() + 20);

        assertEquals(0, gauge("runner.service.up", "service", "db"));
        assertEquals(1, gauge("runner.service.state", "service", "db", "state", "FAILED"));
        assertEquals(0, gauge("runner.live", "runner", "shop"));
    }

    @Test
    void aScrapeOfEveryGaugeAsksTheRunnerOnce() {
        int before = statusCalls.get();

        registry.getMeters().forEach(meter -> meter.measure().forEach(measurement -> measurement.getValue()));

        // eleven gauges; a scrape that happens to cross the snapshot's age may ask twice
        assertTrue(statusCalls.get() - before <= 2, "status() called " + (statusCalls.get() - before) + " times");
    }

    @Test
    void nullsAreRefusedWithAMessage() {
        assertEquals("runner must not be null",
                assertThrows(NullPointerException.class, () -> new RunnerMetrics(null)).getMessage());
        assertEquals("registry must not be null",
                assertThrows(NullPointerException.class, () -> new RunnerMetrics(runner).bindTo(null)).getMessage());
    }
}
