package dev.runner.benchmarks;

import dev.runner.Option;
import dev.runner.RestartConfig;
import dev.runner.RestartPolicy;
import dev.runner.ServiceHealth;
import dev.runner.ServiceState;
import dev.runner.benchmarks.workload.RestartingService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W5 restart latency, exit: the time from a running service's {@code exited(cause)} to the runner's
 * next call of its {@code start}, with zero backoff. Runner only: none of the peers restarts.
 * SampleTime keeps every sample, so the results give the median and the tail.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class RestartAfterExitBenchmark {

    /** Restart always, as often as it takes, at once. */
    static final RestartConfig IMMEDIATE = new RestartConfig(
            RestartPolicy.ALWAYS, 0, Duration.ZERO, Duration.ZERO, 1.0, false);

    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long READY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final RestartingService service = new RestartingService("restarting", 1);
    private dev.runner.Runner runner;

    @Setup(Level.Trial)
    public void startRunner() {
        runner = dev.runner.Runner.create("bench");
        runner.add(service, Option.restartConfig(IMMEDIATE));
        runner.start();
    }

    @TearDown(Level.Trial)
    public void stopRunner() {
        runner.stop();
    }

    // Level.Invocation costs a timestamp pair per call, negligible next to a restart. An exit is
    // only defined after start returned, so each sample begins from a settled RUNNING service;
    // polling here keeps that wait out of the sample.
    @Setup(Level.Invocation)
    public void awaitRunning() {
        long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
        while (!running()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("service not RUNNING 10 s after its restart: "
                        + runner.healthStatus().services().get(service.name()));
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private boolean running() {
        if (!service.startReturned()) {
            return false;
        }
        ServiceHealth health = runner.healthStatus().services().get(service.name());
        return health.state() == ServiceState.RUNNING;
    }

    @Benchmark
    public void runner() throws InterruptedException {
        service.exitAndAwaitRestart();
    }
}
