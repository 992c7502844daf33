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
 * W4 overhead: one start and one stop of {@code services} independent no-op services, so all the
 * time is the scheduler's own. The score is for the whole group; the results table divides it by
 * {@code services} to give the cost per service.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
// Long warmup: the JIT keeps improving the engine's paths for a hundred shots or so.
@Warmup(iterations = 100)
@Measurement(iterations = 50)
@State(Scope.Benchmark)
public class StartStopOverheadBenchmark {

    @Param("10000")
    public int services;

    private ServiceGroup group;

    // One invocation per iteration (SingleShotTime): making the services and adding them is not
    // the overhead measured here.
    @Setup(Level.Iteration)
    public void newGroup(BenchmarkParams params) {
        group = Peer.ofMethod(params.getBenchmark()).group(Workload.of(
                Workloads.wide(services), name -> new SleepingService(name, Duration.ZERO, Duration.ZERO)));
    }

    // A shot that threw half-way leaves services running; stop is idempotent in every group.
    @TearDown(Level.Iteration)
    public void stopGroup() throws Exception {
        group.stop();
    }

    @Benchmark
    public void runner() throws Exception {
        group.start();
        group.stop();
    }

    @Benchmark
    public void sequential() throws Exception {
        group.start();
        group.stop();
    }

    @Benchmark
    public void platformPool() throws Exception {
        group.start();
        group.stop();
    }

    // The floor: the same graph on bare virtual threads, no timeouts or supervision.
    @Benchmark
    public void virtualThreads() throws Exception {
        group.start();
        group.stop();
    }

    // Guava's AbstractIdleService starts a new platform thread for each startUp and shutDown:
    // about a second per shot at 10,000 services, so fewer shots.
    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    public void guava() throws Exception {
        group.start();
        group.stop();
    }
}
