package dev.runner.benchmarks;

import dev.runner.benchmarks.peers.GuavaGroup;
import dev.runner.benchmarks.peers.Peer;
import dev.runner.benchmarks.peers.RunnerGroup;
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
 * W6 status: one {@code status()} over {@code services} running services, the read that a health
 * endpoint or a dashboard polls. Unlike {@code healthStatus()} (measured on the same workload by
 * {@link HealthStatusBenchmark}) it runs no check: it reports what supervision saw last. Guava's
 * {@code servicesByState()} is the same kind of read, the services' states as last recorded; the
 * other peers keep no record of their services' health and sit this one out.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class StatusBenchmark {

    @Param("10000")
    public int services;

    private ServiceGroup group;
    private dev.runner.Runner runner; // the runner of a RunnerGroup, read without a cast per call

    // The same running group as W6's healthStatus(): services with a health() of their own, so
    // Runner's periodic checks (every second) go on in the background and write the results that
    // status() reads, as in a long-running application.
    @Setup(Level.Trial)
    public void startGroup(BenchmarkParams params) throws Exception {
        group = Peer.ofMethod(params.getBenchmark()).group(Workload.of(Workloads.wide(services), CheckedService::new));
        group.start();
        if (group instanceof RunnerGroup r) {
            runner = r.runner();
        }
    }

    @TearDown(Level.Trial)
    public void stopGroup() throws Exception {
        group.stop();
    }

    // Each status goes to the Blackhole so the JIT cannot drop the map of 10,000 entries it built.
    @Benchmark
    public void runner(Blackhole blackhole) {
        blackhole.consume(runner.status());
    }

    // servicesByState(): an immutable copy of the states ServiceManager recorded, no check run.
    @Benchmark
    public void guava(Blackhole blackhole) throws Exception {
        blackhole.consume(((GuavaGroup) group).health());
    }
}
