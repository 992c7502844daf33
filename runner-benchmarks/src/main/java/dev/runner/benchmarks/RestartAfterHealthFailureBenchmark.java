package dev.runner.benchmarks;

import dev.runner.Option;
import dev.runner.benchmarks.workload.RestartingService;
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

/**
 * W5 restart latency, health check: the time from a running service's health turning down to the
 * runner's next call of its {@code start}, with checks every {@code intervalMillis} and zero
 * backoff. The health turns down right after a passed check, the worst moment, so each sample is
 * a whole interval of detection plus the restart's own cost: the bound is interval + 1 ms.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class RestartAfterHealthFailureBenchmark {

    @Param("10")
    public int intervalMillis;

    // Two checks: the one right after start returns, then the first periodic one, after which
    // the service is settled in RUNNING with a whole interval ahead.
    private final RestartingService service = new RestartingService("restarting", 2);
    private dev.runner.Runner runner;

    @Setup(Level.Trial)
    public void startRunner() {
        runner = dev.runner.Runner.create("bench");
        runner.add(service,
                Option.restartConfig(RestartAfterExitBenchmark.IMMEDIATE),
                Option.healthCheck(Duration.ofMillis(intervalMillis), Duration.ofSeconds(1)));
        runner.start();
    }

    @TearDown(Level.Trial)
    public void stopRunner() {
        runner.stop();
    }

    // Level.Invocation costs a timestamp pair per call, negligible next to a 10 ms sample. Waiting
    // here for a passed check keeps the wait out of the sample and fixes its phase.
    @Setup(Level.Invocation)
    public void awaitPassedCheck() throws InterruptedException {
        service.awaitChecks();
    }

    @Benchmark
    public void runner() throws InterruptedException {
        service.failHealthAndAwaitRestart();
    }
}
