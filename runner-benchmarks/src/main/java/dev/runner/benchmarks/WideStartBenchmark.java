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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * W1 wide, start: the makespan of starting {@code services} independent services whose
 * {@code start} sleeps {@code latencyMillis}. The ideal is one latency: everything at once.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
// The JIT keeps improving the engine's paths for a hundred shots or so (each shot is one start of
// 1,000 services): the warmup is long so the figures are steady-state, not compilation.
@Warmup(iterations = 100)
@Measurement(iterations = 50)
@State(Scope.Benchmark)
public class WideStartBenchmark {

    @Param("1000")
    public int services;

    @Param("10")
    public int latencyMillis;

    private ServiceGroup group;

    // SingleShotTime runs one invocation per iteration, so setup at Level.Iteration is setup per
    // invocation without Level.Invocation's timestamping cost: making 1,000 services and adding
    // them stays out of the measured time. The method name picks the peer.
    @Setup(Level.Iteration)
    public void newGroup(BenchmarkParams params) {
        Duration latency = Duration.ofMillis(latencyMillis);
        group = Peer.ofMethod(params.getBenchmark()).group(
                Workload.of(Workloads.wide(services), name -> new SleepingService(name, latency, Duration.ZERO)));
    }

    // Stopping is not part of the start makespan; it has a benchmark of its own.
    @TearDown(Level.Iteration)
    public void stopGroup() throws Exception {
        group.stop();
    }

    @Benchmark
    public void runner() throws Exception {
        group.start();
    }

    // Each shot takes services x latency (10 s): sleeps add up deterministically, so a few shots
    // and no warmup tell all there is.
    @Benchmark
    @Warmup(iterations = 0)
    @Measurement(iterations = 2)
    public void sequential() throws Exception {
        group.start();
    }

    // Each shot takes about services x latency / pool size (2.5 s on 2 cores).
    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public void platformPool() throws Exception {
        group.start();
    }

    // Each shot starts and ends 1,000 platform threads (about 150 ms): fewer shots.
    @Benchmark
    @Warmup(iterations = 10)
    @Measurement(iterations = 20)
    public void guava() throws Exception {
        group.start();
    }

    // The floor: the same graph on bare virtual threads, no timeouts or supervision.
    @Benchmark
    public void virtualThreads() throws Exception {
        group.start();
    }
}
