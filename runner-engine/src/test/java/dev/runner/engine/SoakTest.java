package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Option;
import dev.runner.RestartConfig;
import dev.runner.RestartPolicy;
import dev.runner.RunPhase;
import dev.runner.Runner;
import dev.runner.RunnerStatus;
import dev.runner.ServiceEvent;
import dev.runner.ServiceState;
import dev.runner.ServiceStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The soak (README, "Scale and endurance"): 1,000 {@link ChaosService}s in one runner for
 * {@code -Dsoak.minutes} minutes, with exits, failed and hung restarts, failed and flapping health
 * checks, and restarts under every restart policy; none is critical, so the runner lives on. Run by
 * {@code ./mvnw -Psoak -pl runner-engine -am verify}; skipped when the property is not set, as in
 * the normal build and CI.
 *
 * <p>Every 30 s it prints a line: the time since the start, the heap in use after a full
 * collection, the live platform threads, the runner's own live threads (virtual ones included),
 * the restarts so far and the services by state. It fails when the heap or the platform threads
 * (the median of the last three samples) end more than 10 % above their value at one minute, or
 * when an invariant breaks: every start that returned is paired with exactly one stop; no service
 * has two instances up at once; after the stop every service is stopped and no thread of the
 * runner is left.
 */
@Tag("soak")
@EnabledIfSystemProperty(named = "soak.minutes", matches = ".*")
class SoakTest {

    private static final int SERVICES = 1000;
    private static final String RUNNER = "soak";
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(30);
    private static final Duration BASELINE_AT = Duration.ofMinutes(1);
    private static final double MOST_GROWTH = 0.10;
    private static final int LAST_SAMPLES = 3;

    /**
     * What one sample saw.
     *
     * @param elapsed         the time since the runner's start returned
     * @param heap            the bytes of heap in use after a full collection
     * @param platformThreads the live platform threads of the JVM
     * @param runnerThreads   the live threads of the runner, virtual ones included
     * @param restarts        the {@code Restarting} events so far
     * @param states          the services by state, from {@code status()}
     * @param unhealthy       the services whose last check failed
     */
    private record Sample(Duration elapsed, long heap, int platformThreads, int runnerThreads, long restarts,
                          Map<ServiceState, Long> states, long unhealthy) {

        String line() {
            return String.format("soak %s  heap %.1f MB  platform threads %d  runner threads %d  restarts %d  unhealthy %d  %s",
                    clock(elapsed), heap / 1e6, platformThreads, runnerThreads, restarts, unhealthy, states);
        }
    }

    /**
     * A service seen {@code WAITING}: since which sample, and its dependencies' states at the latest.
     *
     * @param since        the elapsed time of the first sample of this wait
     * @param dependencies the states of the services it depends on, at the latest sample
     */
    private record Wait(Duration since, Map<String, ServiceState> dependencies) {
    }

    @Test
    void thousandServicesUnderChaosKeepTheInvariantsAndNeitherHeapNorThreadsGrow() throws InterruptedException {
        Duration length = Duration.ofMinutes(minutes());
        long seed = Long.getLong("soak.seed", System.nanoTime());
        AtomicBoolean chaos = new AtomicBoolean();
        ScheduledThreadPoolExecutor exits = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("chaos-exits").daemon().factory());
        exits.setRemoveOnCancelPolicy(true);
        Map<String, ChaosService> services = new LinkedHashMap<>();
        Runner runner = Runner.create(RUNNER);
        Random random = new Random(seed);
        for (int i = 0; i < SERVICES; i++) {
            ChaosService service = new ChaosService(String.format("svc%04d", i), ChaosService.Behaviour.random(random),
                    chaos, exits);
            services.put(service.name(), service);
            runner.add(service, options(i, random));
        }
        EventCounts events = new EventCounts();
        runner.addListener(events);
        System.out.printf("soak: %d services for %s, seed %d (-Dsoak.seed=%d replays the graph)%n",
                SERVICES, clock(length), seed, seed);

        List<Sample> samples = new ArrayList<>();
        Map<String, Wait> waits = new LinkedHashMap<>();
        String summary = "";
        try {
            runner.start(Duration.ofMinutes(5));
            chaos.set(true);
            long began = System.nanoTime();
            for (Duration at = Duration.ZERO; at.compareTo(length) <= 0; at = at.plus(SAMPLE_EVERY)) {
                long wait = began + at.toNanos() - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
                Sample sample = sample(Duration.ofNanos(System.nanoTime() - began), runner.status(), events);
                samples.add(sample);
                noteWaiting(runner, runner.status(), sample.elapsed(), waits);
                System.out.println(sample.line());
                if (!violations(services).isEmpty()) {
                    break;
                }
            }
            chaos.set(false);
            runner.stop(Duration.ofSeconds(60));
            Eventually.until(() -> services.values().stream().allMatch(s -> s.callsInFlight() == 0),
                    () -> "service calls still running: " + services.values().stream()
                            .filter(s -> s.callsInFlight() > 0).map(ChaosService::name).toList());
            Eventually.until(() -> LiveThreads.containing(RUNNER + "/").isEmpty(),
                    () -> "threads of the runner left: " + LiveThreads.containing(RUNNER + "/"));
        } finally {
            exits.shutdownNow();
            try {
                runner.stop(Duration.ofSeconds(30));
            } catch (RuntimeException ignored) {
                // Only if the run above failed; it already threw.
            }
            summary = summary(seed, samples, services, events, runner.status()) + waitingAtTheEnd(waits);
            System.out.println(summary);
        }

        assertEquals(Map.of(), violations(services), "breaches of the start and stop pairing\n" + summary);
        assertFalse(runner.isRunning());
        RunnerStatus status = runner.status();
        assertEquals(RunPhase.STOPPED, status.phase(), summary);
        status.services().forEach((name, s) -> assertTrue(Set.of(ServiceState.STOPPED, ServiceState.FAILED).contains(s.state()),
                name + " is " + s.state() + " after the stop"));
        for (ChaosService service : services.values()) {
            assertEquals(service.startsReturned(), service.stops(), service.name() + ": starts returned vs stops");
        }
        assertTrue(samples.getLast().elapsed().compareTo(length) >= 0, "the run ended early\n" + summary);
        assertTrue(events.of(ServiceEvent.Restarting.class) > 0 && events.of(ServiceEvent.Exited.class) > 0
                && events.of(ServiceEvent.Unhealthy.class) > 0, "the chaos did not happen: " + events.all());
        assertGrewAtMostTenPercent("heap in use after a collection", samples, Sample::heap);
        assertGrewAtMostTenPercent("live platform threads", samples, Sample::platformThreads);
    }

    /** Returns the soak's length in minutes: at least 2, so there is a baseline at 1 and later samples. */
    private static int minutes() {
        String value = System.getProperty("soak.minutes", "").strip();
        try {
            int minutes = Integer.parseInt(value);
            if (minutes >= 2) {
                return minutes;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException("-Dsoak.minutes must be a whole number of minutes, 2 or more, not \"" + value + "\"");
    }

    /**
     * Returns the options of the {@code i}-th service: a third depend on one or two of the fifty
     * before them (one edge in ten a {@code bindsTo}); four in ten restart always without limit,
     * four on failure at most 5 times in a burst (reset after 20 s of health), one on failure at
     * most twice, one never; checks every 1 to 4 s, a failure threshold of 1 to 3.
     */
    private static Option[] options(int i, Random random) {
        List<Option> options = new ArrayList<>();
        if (i > 0 && random.nextInt(3) == 0) {
            for (int e = 1 + random.nextInt(2); e > 0; e--) {
                String dependency = String.format("svc%04d", i - 1 - random.nextInt(Math.min(i, 50)));
                options.add(random.nextInt(10) == 0 ? Option.bindsTo(dependency) : Option.dependsOn(dependency));
            }
        }
        RestartConfig restart = RestartConfig.defaults().withBackoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0);
        int kind = random.nextInt(10);
        options.add(Option.restartConfig(kind < 4 ? restart.withPolicy(RestartPolicy.ALWAYS).withMaxRetries(0)
                : kind < 8 ? restart.withMaxRetries(5).withResetAfter(Duration.ofSeconds(20))
                : kind == 8 ? restart.withMaxRetries(2)
                : restart.withPolicy(RestartPolicy.NEVER)));
        options.add(Option.healthCheck(Duration.ofSeconds(1 + random.nextInt(4)), Duration.ofSeconds(1)));
        options.add(Option.failureThreshold(1 + random.nextInt(3)));
        options.add(Option.startTimeout(Duration.ofSeconds(2)));
        return options.toArray(Option[]::new);
    }

    private static Sample sample(Duration elapsed, RunnerStatus status, EventCounts events) {
        Map<ServiceState, Long> states = status.services().values().stream()
                .collect(Collectors.groupingBy(ServiceStatus::state, () -> new EnumMap<>(ServiceState.class), Collectors.counting()));
        long unhealthy = status.services().values().stream().filter(s -> !s.healthy()).count();
        return new Sample(elapsed, JvmGauges.heapUsedAfterGc(), JvmGauges.platformThreads(),
                LiveThreads.containing(RUNNER + "/").size(), events.of(ServiceEvent.Restarting.class), states, unhealthy);
    }

    /**
     * Keeps, for each service {@code WAITING} in this sample, since which sample it waits and the
     * states of its dependencies now; forgets the others.
     */
    private static void noteWaiting(Runner runner, RunnerStatus status, Duration elapsed, Map<String, Wait> waits) {
        status.services().forEach((name, s) -> {
            if (s.state() != ServiceState.WAITING) {
                waits.remove(name);
                return;
            }
            Map<String, ServiceState> dependencies = new LinkedHashMap<>();
            runner.config(name).ifPresent(c -> c.dependsOn().forEach(d -> dependencies.put(d, status.services().get(d).state())));
            Wait before = waits.get(name);
            waits.put(name, new Wait(before == null ? elapsed : before.since(), dependencies));
        });
    }

    /**
     * Lists the services that were {@code WAITING} at the last sample, since when, and the states
     * of their dependencies then: the contract leaves that wait unbounded, so a reader judges it.
     */
    private static String waitingAtTheEnd(Map<String, Wait> waits) {
        StringBuilder text = new StringBuilder();
        waits.forEach((name, wait) -> text.append(String.format("%n  %s WAITING since %s; its dependencies then: %s",
                name, clock(wait.since()), wait.dependencies())));
        return text.toString();
    }

    /** Returns each service's breaches of the start and stop pairing, for the services that have some. */
    private static Map<String, List<String>> violations(Map<String, ChaosService> services) {
        return services.values().stream().filter(s -> !s.violations().isEmpty())
                .collect(Collectors.toMap(ChaosService::name, ChaosService::violations));
    }

    /** Fails if the median of the last samples is more than 10 % above the sample at one minute. */
    private static void assertGrewAtMostTenPercent(String what, List<Sample> samples, ToLongFunction<Sample> gauge) {
        long baseline = gauge.applyAsLong(baseline(samples));
        long last = lastMedian(samples, gauge);
        assertTrue(last <= baseline * (1 + MOST_GROWTH), what + " grew from " + baseline + " at " + clock(BASELINE_AT)
                + " to " + last + " (the median of the last " + LAST_SAMPLES + " samples), more than "
                + Math.round(MOST_GROWTH * 100) + " %");
    }

    private static Sample baseline(List<Sample> samples) {
        return samples.get((int) (BASELINE_AT.toSeconds() / SAMPLE_EVERY.toSeconds()));
    }

    private static long lastMedian(List<Sample> samples, ToLongFunction<Sample> gauge) {
        long[] last = samples.subList(Math.max(0, samples.size() - LAST_SAMPLES), samples.size()).stream()
                .mapToLong(gauge).sorted().toArray();
        return last[last.length / 2];
    }

    private static String summary(long seed, List<Sample> samples, Map<String, ChaosService> services,
                                  EventCounts events, RunnerStatus status) {
        StringBuilder text = new StringBuilder("soak summary: ").append(SERVICES).append(" services, seed ").append(seed)
                .append(", ").append(samples.size()).append(" samples");
        if (!samples.isEmpty()) {
            text.append(" over ").append(clock(samples.getLast().elapsed()));
        }
        text.append("\n  calls: ").append(services.values().stream().mapToLong(ChaosService::starts).sum()).append(" starts, ")
                .append(services.values().stream().mapToLong(ChaosService::startsReturned).sum()).append(" returned, ")
                .append(services.values().stream().mapToLong(ChaosService::stops).sum()).append(" stops; ")
                .append(services.values().stream().mapToLong(ChaosService::injected).sum())
                .append(" injected exits and failed or hung restarts")
                .append("\n  events: ").append(events.all())
                .append("\n  at the end: ").append(status.phase()).append(", ")
                .append(status.services().values().stream().collect(Collectors.groupingBy(ServiceStatus::state,
                        () -> new EnumMap<>(ServiceState.class), Collectors.counting())))
                .append("\n  breaches: ").append(violations(services).isEmpty() ? "none" : violations(services));
        if (samples.size() > BASELINE_AT.toSeconds() / SAMPLE_EVERY.toSeconds()) {
            Sample baseline = baseline(samples);
            text.append(String.format("%n  heap after a collection: %.1f MB at %s, %.1f MB at the end (median of the last %d)",
                            baseline.heap() / 1e6, clock(BASELINE_AT), lastMedian(samples, Sample::heap) / 1e6, LAST_SAMPLES))
                    .append(String.format("%n  platform threads: %d at %s, %d at the end; runner threads: %d at %s, %d at the end",
                            baseline.platformThreads(), clock(BASELINE_AT), lastMedian(samples, Sample::platformThreads),
                            baseline.runnerThreads(), clock(BASELINE_AT), lastMedian(samples, Sample::runnerThreads)));
        }
        return text.toString();
    }

    private static String clock(Duration duration) {
        return String.format("%02d:%02d", duration.toMinutes(), duration.toSecondsPart());
    }
}
