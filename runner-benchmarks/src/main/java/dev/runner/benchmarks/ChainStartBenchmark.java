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
 * W2 chain: the makespan of starting {@code length} services, each depending on the one before,
 * whose {@code start} sleeps {@code latencyMillis}. The ideal is {@code length} latencies back to
 * back, so this measures the hand-off from a ready dependency to its dependent's start.
 * Guava's ServiceManager has no dependencies and sits this one out.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 20)
@Measurement(iterations = 20)
@State(Scope.Benchmark)
public class ChainStartBenchmark {

    @Param("100")
    public int length;

    @Param("1")
    public int latencyMillis;

    private ServiceGroup group;

    // One invocation per iteration (SingleShotTime): building the group stays out of the timing.
    @Setup(Level.Iteration)
    public void newGroup(BenchmarkParams params) {
        Duration latency = Duration.ofMillis(latencyMillis);
        group = Peer.ofMethod(params.getBenchmark()).group(
                Workload.of(Workloads.chain(length), name -> new SleepingService(name, latency, Duration.ZERO)));
    }

    @TearDown(Level.Iteration)
    public void stopGroup() throws Exception {
        group.stop();
    }

    @Benchmark
    public void runner() throws Exception {
        group.start();
    }

    // A chain allows no concurrency, so one thread doing everything in order is the practical
    // ideal: the sequential figure is the bar for the hand-off cost.
    @Benchmark
    public void sequential() throws Exception {
        group.start();
    }

    @Benchmark
    public void platformPool() throws Exception {
        group.start();
    }

    // The floor: the same graph on bare virtual threads, no timeouts or supervision.
    @Benchmark
    public void virtualThreads() throws Exception {
        group.start();
    }
}
