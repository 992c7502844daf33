package dev.runner.benchmarks;

import dev.runner.benchmarks.peers.Peer;
import dev.runner.benchmarks.peers.ServiceGroup;
import dev.runner.benchmarks.workload.CheckedService;
import dev.runner.benchmarks.workload.Workload;
import dev.runner.benchmarks.workload.Workloads;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * W6 health: one health report over {@code services} running services. Runner checks each
 * service live and concurrently, each bounded by its timeout; the sequential peer calls each
 * {@code health()} in turn with no bound; the pool and virtual-thread peers run the checks on
 * their threads, each with a bound; Guava's ServiceManager has no health checks and reports the services' states.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class HealthStatusBenchmark {

    @Param("10000")
    public int services;

    private ServiceGroup group;

    // The group runs for the whole trial, as a long-running application's would: Runner's own
    // periodic checks (every second by default) go on in the background, part of the real cost.
    @Setup(Level.Trial)
    public void startGroup(BenchmarkParams params) throws Exception {
        // Services with a health() of their own: a runner could skip checking a default health()
        // that is always up, and this benchmark is about the checking.
        group = Peer.ofMethod(params.getBenchmark()).group(Workload.of(Workloads.wide(services), CheckedService::new));
        group.start();
    }

    @TearDown(Level.Trial)
    public void stopGroup() throws Exception {
        group.stop();
    }

    // Each report goes to the Blackhole so the JIT cannot drop the work that built it.
    @Benchmark
    public void runner(Blackhole blackhole) throws Exception {
        blackhole.consume(group.health());
    }

    @Benchmark
    public void sequential(Blackhole blackhole) throws Exception {
        blackhole.consume(group.health());
    }

    @Benchmark
    public void platformPool(Blackhole blackhole) throws Exception {
        blackhole.consume(group.health());
    }

    // Every check on a new virtual thread, each bounded, as Runner's are: the floor.
    @Benchmark
    public void virtualThreads(Blackhole blackhole) throws Exception {
        blackhole.consume(group.health());
    }

    @Benchmark
    public void guava(Blackhole blackhole) throws Exception {
        blackhole.consume(group.health());
    }
}
