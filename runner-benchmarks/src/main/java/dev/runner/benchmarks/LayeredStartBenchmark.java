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
 * W3 layered: the makespan of starting {@code layers} layers of {@code width} services, each past
 * the first depending on {@code fanIn} services of the layer before (edges drawn with a fixed
 * seed), whose {@code start} sleeps {@code latencyMillis}. The ideal is {@code layers} latencies.
 * Guava's ServiceManager has no dependencies and sits this one out.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 50)
@Measurement(iterations = 30)
@State(Scope.Benchmark)
public class LayeredStartBenchmark {

    @Param("10")
    public int layers;

    @Param("100")
    public int width;

    @Param("3")
    public int fanIn;

    @Param("5")
    public int latencyMillis;

    private ServiceGroup group;

    // One invocation per iteration (SingleShotTime): building the graph and group stays out of
    // the timing.
    @Setup(Level.Iteration)
    public void newGroup(BenchmarkParams params) {
        Duration latency = Duration.ofMillis(latencyMillis);
        group = Peer.ofMethod(params.getBenchmark()).group(Workload.of(
                Workloads.layered(layers, width, fanIn, Workloads.LAYERED_SEED),
                name -> new SleepingService(name, latency, Duration.ZERO)));
    }

    @TearDown(Level.Iteration)
    public void stopGroup() throws Exception {
        group.stop();
    }

    @Benchmark
    public void runner() throws Exception {
        group.start();
    }

    // layers x width x latency per shot (5 s), deterministic.
    @Benchmark
    @Warmup(iterations = 0)
    @Measurement(iterations = 2)
    public void sequential() throws Exception {
        group.start();
    }

    // About layers x width x latency / pool size per shot (1.25 s on 2 cores).
    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public void platformPool() throws Exception {
        group.start();
    }

    // The floor: the same graph on bare virtual threads, no timeouts or supervision.
    @Benchmark
    public void virtualThreads() throws Exception {
        group.start();
    }
}
