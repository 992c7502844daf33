package dev.runner.benchmarks;

import dev.runner.benchmarks.peers.RunnerGroup;
import dev.runner.benchmarks.workload.SleepingService;
import dev.runner.benchmarks.workload.Workload;
import dev.runner.benchmarks.workload.Workloads;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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

/**
 * W4 overhead with a listener: {@link StartStopOverheadBenchmark}'s workload, one start and one
 * stop of {@code services} independent no-op services, with one listener added to the runner that
 * counts every event. The difference from W4's Runner figure is the cost of making and delivering
 * the events (five per service: {@code Starting}, {@code Started}, {@code Ready}, {@code Stopping},
 * {@code Stopped}), which a runner with no listener skips. Runner only: the peers have no events.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
// The same warmup and shots as W4, so the two figures compare like for like.
@Warmup(iterations = 100)
@Measurement(iterations = 50)
@State(Scope.Benchmark)
public class StartStopWithListenerBenchmark {

    /** The events of one service's start and stop when nothing fails. */
    static final int EVENTS_PER_SERVICE = 5;

    @Param("10000")
    public int services;

    private final LongAdder events = new LongAdder();
    private RunnerGroup group;

    // One invocation per iteration (SingleShotTime): making the services, adding them and adding
    // the listener stay out of the timing, as in W4.
    @Setup(Level.Iteration)
    public void newGroup() {
        group = new RunnerGroup(Workload.of(
                Workloads.wide(services), name -> new SleepingService(name, Duration.ZERO, Duration.ZERO)));
        events.reset();
        group.runner().addListener(event -> events.increment());
    }

    // start and stop return only once their events were delivered, so each shot must have counted
    // every one: a shot whose events were dropped, or never made, would measure less than the
    // work it claims, and fails here instead.
    @TearDown(Level.Iteration)
    public void stopGroupAndCheckTheCount() {
        group.stop();
        long expected = (long) EVENTS_PER_SERVICE * services;
        if (events.sum() != expected) {
            throw new IllegalStateException(
                    "the listener counted " + events.sum() + " events, expected " + expected);
        }
    }

    @Benchmark
    public void runner() {
        group.start();
        group.stop();
    }
}
