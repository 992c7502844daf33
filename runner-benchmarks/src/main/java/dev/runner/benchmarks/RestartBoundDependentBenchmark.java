package dev.runner.benchmarks;

import dev.runner.Option;
import dev.runner.RunnerStatus;
import dev.runner.benchmarks.workload.RestartingService;
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
 * W5 restart latency, bound dependent: the time from {@code db}'s {@code exited(cause)} until
 * {@code cache}, added with {@code bindsTo("db")}, is started again, with zero backoff and no
 * jitter. In between the runner stops {@code cache}, stops {@code db}'s old instance, starts
 * {@code db}, sees it ready, and starts {@code cache}: the whole chain a dependency's restart
 * sets off. Runner only: none of the peers restarts. SampleTime keeps every sample, so the results
 * give the median and the tail.
 *
 * <p>Both starts are no-ops, so the bound is one backoff (zero) plus two start latencies (zero)
 * plus 1 ms of the runner's own work. A sample ends as {@code cache}'s {@code start} releases its
 * waiter, the last thing it does before it returns.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class RestartBoundDependentBenchmark {

    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long READY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final RestartingService db = new RestartingService("db", 1);
    private final RestartingService cache = new RestartingService("cache", 1);
    private dev.runner.Runner runner;

    // db restarts at once and without jitter, as often as it takes (W5's exit case); cache keeps
    // the default restart config, which a restart for its dependency does not use.
    @Setup(Level.Trial)
    public void startRunner() {
        runner = dev.runner.Runner.create("bench");
        runner.add(db, Option.restartConfig(RestartAfterExitBenchmark.IMMEDIATE));
        runner.add(cache, Option.bindsTo("db"));
        runner.start();
    }

    @TearDown(Level.Trial)
    public void stopRunner() {
        runner.stop();
    }

    // Level.Invocation costs a timestamp pair per call, negligible next to a restart of two
    // services. Each sample begins from a settled runner: both start calls returned and both
    // services RUNNING with a passed check (status() runs no check, so polling it does not disturb
    // the supervision measured). The wait stays out of the sample.
    @Setup(Level.Invocation)
    public void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
        while (!(db.startReturned() && cache.startReturned() && runner.status().ready())) {
            if (System.nanoTime() > deadline) {
                RunnerStatus status = runner.status();
                throw new IllegalStateException("db and cache not both ready 10 s after the restart: "
                        + status.services());
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    @Benchmark
    public void runner() throws InterruptedException {
        db.exitAndAwaitRestartOf(cache);
    }
}
