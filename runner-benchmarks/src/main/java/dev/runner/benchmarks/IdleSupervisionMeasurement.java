package dev.runner.benchmarks;

import dev.runner.Runner;
import dev.runner.benchmarks.workload.CountedCheckService;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * W9 idle supervision cost: the CPU time a runner spends per health check while its services run
 * and nothing else happens. Not a JMH timing: for each count it starts that many services with the
 * default health interval (1 s) and a {@code health()} of their own that counts its calls, waits
 * until every one was checked once and a few intervals more passed, then reads the process's CPU
 * time ({@code com.sun.management.OperatingSystemMXBean.getProcessCpuTime}) and the check count
 * over a window, and divides one by the other. All of the process's CPU is in it: the checks'
 * threads, the timers, the garbage they make and its collection, and whatever the idle JVM spends
 * anyway; the same JVM idle without a runner is measured last over the same window, and the
 * results give both the raw figure and the net one (the idle JVM's CPU rate taken out). The JDK
 * reads the process's CPU time in clock ticks (10 ms on Linux): over a 10 s window that is within
 * 1 µs per check at 1,000 services, 0.1 µs at 10,000.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.runner.benchmarks.IdleSupervisionMeasurement
 * [--window-seconds 10] [--settle-seconds 3] [--out file.json] count...}; one JSON object per
 * count goes to the file (a JSON array) and a line per count to standard output. Throws if a
 * runner fails to start or stop, or its services are not all checked within a minute.
 */
public final class IdleSupervisionMeasurement {

    private static final Duration FIRST_CHECKS_BOUND = Duration.ofMinutes(1);

    private IdleSupervisionMeasurement() {
    }

    /**
     * One window's readings.
     *
     * @param cpuNanos  the process's CPU time in the window
     * @param wallNanos the window's length by the monotonic clock
     * @param checks    the health checks made in it
     * @param gcMillis  the collectors' time in it
     */
    private record Window(long cpuNanos, long wallNanos, long checks, long gcMillis) {
    }

    /**
     * Measures each count, then the idle JVM, and writes the results.
     *
     * @param args {@code [--window-seconds s] [--settle-seconds s] [--out file.json] count...}
     * @throws Exception if a runner fails to start or stop, or the file cannot be written
     */
    public static void main(String[] args) throws Exception {
        Duration window = Duration.ofSeconds(10);
        Duration settle = Duration.ofSeconds(3);
        Path out = null;
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--window-seconds" -> window = Duration.ofMillis(Math.round(Double.parseDouble(args[++i]) * 1000));
                case "--settle-seconds" -> settle = Duration.ofMillis(Math.round(Double.parseDouble(args[++i]) * 1000));
                case "--out" -> out = Path.of(args[++i]);
                default -> counts.add(Integer.parseInt(args[i]));
            }
        }
        if (counts.isEmpty()) {
            counts = List.of(10_000, 1_000);
        }
        List<Window> windows = new ArrayList<>();
        for (int count : counts) {
            windows.add(supervise(count, window, settle));
        }
        // The idle JVM last: by then the JIT has compiled what the measurement itself runs, as it
        // had during the runners' windows, and the runners' threads are gone.
        Thread.sleep(settle);
        Window idle = measure(window, new LongAdder());
        double idleCpuPerSecond = idle.cpuNanos() / (idle.wallNanos() / 1e9);
        System.out.printf(Locale.ROOT, "idle JVM, no runner: %.3f ms of CPU per second%n", idleCpuPerSecond / 1e6);

        List<String> results = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            int count = counts.get(i);
            Window w = windows.get(i);
            double raw = (double) w.cpuNanos() / w.checks();
            double net = (w.cpuNanos() - idleCpuPerSecond * w.wallNanos() / 1e9) / w.checks();
            double checksPerSecond = w.checks() / (w.wallNanos() / 1e9);
            System.out.printf(Locale.ROOT, "%,d services: %,d checks in %.1f s (%.0f per s), %.2f µs of CPU per check "
                            + "(%.2f µs net of the idle JVM), %d ms in GC%n",
                    count, w.checks(), w.wallNanos() / 1e9, checksPerSecond, raw / 1e3, net / 1e3, w.gcMillis());
            results.add(String.format(Locale.ROOT, "{\"services\": %d, \"windowSeconds\": %.3f, \"settleSeconds\": %.3f, "
                            + "\"checks\": %d, \"cpuNanos\": %d, \"cpuNanosPerCheck\": %.1f, \"netCpuNanosPerCheck\": %.1f, "
                            + "\"idleCpuNanosPerSecond\": %.1f, \"gcMillis\": %d}",
                    count, w.wallNanos() / 1e9, settle.toMillis() / 1e3, w.checks(), w.cpuNanos(), raw, net,
                    idleCpuPerSecond, w.gcMillis()));
        }
        if (out != null) {
            JsonResults.write(out, results);
        }
    }

    private static Window supervise(int count, Duration window, Duration settle) throws InterruptedException {
        LongAdder checks = new LongAdder();
        Runner runner = Runner.create("idle");
        for (int i = 0; i < count; i++) {
            runner.add(new CountedCheckService("s" + i, checks));
        }
        runner.start();
        try {
            // Every service is checked right after its start returns; wait for those checks, then
            // let a few intervals pass so supervision is in its steady state.
            long deadline = System.nanoTime() + FIRST_CHECKS_BOUND.toNanos();
            while (checks.sum() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + checks.sum() + " of " + count
                            + " services checked within " + FIRST_CHECKS_BOUND);
                }
                Thread.sleep(10);
            }
            Thread.sleep(settle);
            Window w = measure(window, checks);
            if (w.checks() == 0) {
                throw new IllegalStateException("no health check in a window of " + window);
            }
            return w;
        } finally {
            runner.stop();
        }
    }

    private static Window measure(Duration window, LongAdder checks) throws InterruptedException {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long checks0 = checks.sum();
        long gc0 = gcMillis();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        Thread.sleep(window);
        long cpu1 = os.getProcessCpuTime();
        long wall1 = System.nanoTime();
        return new Window(cpu1 - cpu0, wall1 - wall0, checks.sum() - checks0, gcMillis() - gc0);
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }
}
