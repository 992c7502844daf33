package dev.runner.benchmarks;

import dev.runner.benchmarks.peers.Peer;
import dev.runner.benchmarks.peers.ServiceGroup;
import dev.runner.benchmarks.workload.CheckedService;
import dev.runner.benchmarks.workload.SleepingService;
import dev.runner.benchmarks.workload.Workload;
import dev.runner.benchmarks.workload.Workloads;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * W8, one shot: an application's first start, in the JVM this main runs in, which should be fresh
 * (started for this shot alone by {@link FirstStartMeasurement}). It makes the workload's services,
 * then times from the group's first line ({@code Runner.create}, or the peer's equivalent) to
 * {@code start} returning: making the runner, adding every service, and starting them, with all
 * the class loading, interpretation and compilation that this first time costs. It prints one line,
 * {@code first-start {json}}, with that time, the part of it spent making the group (creating the
 * runner and adding the services, before {@code start}), and the wall-clock instants of entering
 * {@code main} and of {@code start} returning, so the launching process can tell the JVM's own
 * start-up apart.
 *
 * <p>Before the timer it sets up SLF4J's binding (slf4j-simple in the benchmarks jar) by getting a
 * logger, as an application has done by the time it makes its runner (its own classes log), and
 * prints how long that took: the engine logs through SLF4J, and without this its first logger
 * would pay for finding and configuring the binding, a cost of the application's logging that
 * differs with the binding and that bare virtual threads and Guava never pay here.
 *
 * <p>Workloads: {@code wide} is W1's ({@code count} independent services whose {@code start}
 * sleeps 10 ms, default health); {@code application} is {@link Workloads#application()}, 20
 * services in three layers with no latency and a health check each ({@code count} ignored).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.runner.benchmarks.FirstStartShot contender workload
 * count}, contender one of {@code runner}, {@code virtualThreads}, {@code guava}. Exits non-zero,
 * with the exception, if the group fails to start or stop.
 */
public final class FirstStartShot {

    /** W1's start latency. */
    static final Duration WIDE_LATENCY = Duration.ofMillis(10);

    private FirstStartShot() {
    }

    /**
     * Takes the shot and prints its line.
     *
     * @param args {@code contender workload count}
     * @throws Exception if the group fails to start or stop
     * @throws IllegalArgumentException if an argument names no contender or workload
     */
    public static void main(String[] args) throws Exception {
        Instant mainEntered = Instant.now();
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: FirstStartShot contender workload count");
        }
        Peer peer = Peer.ofMethod(args[0]);
        Workload workload = workload(args[1], Integer.parseInt(args[2]));
        long loggingBegan = System.nanoTime();
        LoggerFactory.getLogger(FirstStartShot.class);
        long logging = System.nanoTime() - loggingBegan;

        long began = System.nanoTime();
        ServiceGroup group = peer.group(workload);
        long made = System.nanoTime();
        group.start();
        long returned = System.nanoTime();
        Instant started = Instant.now();

        group.stop();
        System.out.printf(Locale.ROOT, "first-start {\"contender\": \"%s\", \"workload\": \"%s\", \"services\": %d, "
                        + "\"loggingNanos\": %d, \"makeNanos\": %d, \"firstStartNanos\": %d, \"mainEpochMicros\": %d, "
                        + "\"startedEpochMicros\": %d}%n",
                args[0], args[1], workload.size(), logging, made - began, returned - began, epochMicros(mainEntered),
                epochMicros(started));
    }

    /**
     * Returns the named workload's services and graph.
     *
     * @param name  {@code wide} or {@code application}
     * @param count the number of services of {@code wide}
     * @return the workload
     * @throws IllegalArgumentException if the name is neither
     */
    static Workload workload(String name, int count) {
        return switch (name) {
            case "wide" -> Workload.of(Workloads.wide(count), n -> new SleepingService(n, WIDE_LATENCY, Duration.ZERO));
            case "application" -> Workload.of(Workloads.application(), CheckedService::new);
            default -> throw new IllegalArgumentException("no workload \"" + name + "\": wide or application");
        };
    }

    static long epochMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }
}
