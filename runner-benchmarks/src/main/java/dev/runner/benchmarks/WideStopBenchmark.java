package dev.runner.benchmarks;

import dev.runner.benchmarks.peers.Peer;
import dev.runner.benchmarks.peers.ServiceGroup;
import dev.runner.benchmarks.workload.SleepingService;
import dev.runner.benchmarks.workload.Workload;
import dev.runner.benchmarks.workload.Workloads;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * W1 wide, stop: the time to stop {@code services} independent running services whose
 * {@code stop} sleeps {@code latencyMillis}. The ideal is one latency. Their {@code start} is a
 * no-op, so setting up a running group is quick for every peer.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
// The JIT keeps improving the engine's paths for a hundred shots or so (each shot is one start of
// 1,000 services): the warmup is long so the figures are steady-state, not compilation.
@Warmup(iterations = 100)
@Measurement(iterations = 50)
@State(Scope.Benchmark)
public class WideStopBenchmark {

    @Param("1000")
    public int services;

    @Param("10")
    public int latencyMillis;

    /** How long the group runs before it is stopped. */
    private static final Duration RUN_FOR = Duration.ofMillis(100);

    private ServiceGroup group;

    // One invocation per iteration (SingleShotTime): making and starting the group here keeps it
    // out of the measured stop. The group then runs a moment, as an application does before it is
    // stopped, so its first health checks are done (W4 measures back-to-back start and stop).
    @Setup(Level.Iteration)
    public void startGroup(BenchmarkParams params) throws Exception {
        Duration latency = Duration.ofMillis(latencyMillis);
        group = Peer.ofMethod(params.getBenchmark()).group(
                Workload.of(Workloads.wide(services), name -> new SleepingService(name, Duration.ZERO, latency)));
        group.start();
        Thread.sleep(RUN_FOR);
    }

    @Benchmark
    public void runner() throws Exception {
        group.stop();
    }

    // services x latency per shot (10 s), deterministic.
    @Benchmark
    @Warmup(iterations = 0)
    @Measurement(iterations = 2)
    public void sequential() throws Exception {
        group.stop();
    }

    // services x latency / pool size per shot (2.5 s on 2 cores).
    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public void platformPool() throws Exception {
        group.stop();
    }

    // Each shot starts and ends 1,000 platform threads (about 150 ms): fewer shots.
    @Benchmark
    @Warmup(iterations = 10)
    @Measurement(iterations = 20)
    public void guava() throws Exception {
        group.stop();
    }

    // The floor: the same graph on bare virtual threads, no timeouts or supervision.
    @Benchmark
    public void virtualThreads() throws Exception {
        group.stop();
    }
}
