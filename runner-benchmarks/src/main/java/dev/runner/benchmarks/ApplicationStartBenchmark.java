package dev.runner.benchmarks;

import dev.runner.benchmarks.peers.Peer;
import dev.runner.benchmarks.peers.ServiceGroup;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * W8's application graph, warm: the 20 services of {@link Workloads#application()} in three
 * layers, no start latency, each with a health check of its own. A shot is what an application's
 * first start is in {@link FirstStartShot}: from making the group ({@code Runner.create} and every
 * {@code add}, or the peer's equivalent) to {@code start} returning; this benchmark gives the warm
 * figure beside that cold one.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 100)
@Measurement(iterations = 50)
@State(Scope.Benchmark)
public class ApplicationStartBenchmark {

    private Peer peer;
    private Workload workload;
    private ServiceGroup group;

    // The services exist before the shot, as an application's own objects do before it makes its
    // runner; the group is made inside the shot.
    @Setup(Level.Iteration)
    public void newWorkload(BenchmarkParams params) {
        peer = Peer.ofMethod(params.getBenchmark());
        workload = FirstStartShot.workload("application", Workloads.APPLICATION_SIZE);
        group = null;
    }

    @TearDown(Level.Iteration)
    public void stopGroup() throws Exception {
        if (group != null) {
            group.stop();
        }
    }

    @Benchmark
    public void runner() throws Exception {
        group = peer.group(workload);
        group.start();
    }

    // The floor: the same graph on bare virtual threads, no timeouts or supervision.
    @Benchmark
    public void virtualThreads() throws Exception {
        group = peer.group(workload);
        group.start();
    }

    // One ServiceManager per layer, each started once the one before is healthy.
    @Benchmark
    public void guava() throws Exception {
        group = peer.group(workload);
        group.start();
    }
}
