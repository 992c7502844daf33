package dev.runner.benchmarks;

import dev.runner.benchmarks.workload.CheckedService;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * W7 memory: the heap a runner retains per idle supervised service. Not a JMH timing: for each
 * count it makes the services, settles the heap, starts a runner with them (default health
 * interval of 1 s), lets a few intervals pass, settles the heap again, and divides the difference
 * by the count. The services themselves exist before the baseline, so only the runner's share is
 * counted: its records, its supervision, and the stacks of its parked virtual threads, which live
 * on the heap. Platform threads would keep their stacks off the heap, so their number is reported
 * beside it.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.runner.benchmarks.RetainedHeapMeasurement
 * [--out file.json] count...}; one JSON object per count goes to the file (a JSON array) and a
 * line per count to standard output.
 */
public final class RetainedHeapMeasurement {

    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final int MAX_GC_ROUNDS = 10;

    private RetainedHeapMeasurement() {
    }

    /**
     * One measurement.
     *
     * @param services        how many services the runner supervised
     * @param bytesPerService the heap retained per service
     * @param platformThreads how many more live platform threads the JVM had while they ran
     */
    record Result(int services, double bytesPerService, int platformThreads) {
        String json() {
            return String.format(Locale.ROOT,
                    "{\"services\": %d, \"bytesPerService\": %.1f, \"platformThreadsAdded\": %d}",
                    services, bytesPerService, platformThreads);
        }
    }

    /**
     * Measures each count given and writes the results.
     *
     * @param args {@code [--out file.json] count...}
     * @throws Exception if a runner fails to start or stop, or the file cannot be written
     */
    public static void main(String[] args) throws Exception {
        Path out = null;
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out")) {
                out = Path.of(args[++i]);
            } else {
                counts.add(Integer.parseInt(args[i]));
            }
        }
        if (counts.isEmpty()) {
            counts = List.of(10_000, 100_000);
        }
        List<String> results = new ArrayList<>();
        for (int count : counts) {
            Result result = measure(count);
            System.out.printf(Locale.ROOT, "%,d services: %.0f bytes retained per service, %d platform threads added%n",
                    result.services(), result.bytesPerService(), result.platformThreads());
            results.add(result.json());
        }
        if (out != null) {
            JsonResults.write(out, results);
        }
    }

    private static Result measure(int count) throws InterruptedException {
        // Services with a health() of their own, so every one is really supervised: checked every
        // interval, as a runner could skip a default health() that is always up.
        List<CheckedService> services = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            services.add(new CheckedService("s" + i));
        }
        long baseline = settledUsedHeap();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        dev.runner.Runner runner = dev.runner.Runner.create("heap");
        for (CheckedService service : services) {
            runner.add(service);
        }
        runner.start();
        try {
            // A few health intervals pass so every supervisor is in its idle steady state.
            Thread.sleep(SETTLE);
            long supervised = settledUsedHeap();
            int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
            return new Result(count, (double) (supervised - baseline) / count, threadsAfter - threadsBefore);
        } finally {
            runner.stop();
            // Keep the services reachable until measured, so they stay in the baseline's share.
            services.clear();
        }
    }

    /**
     * Runs full collections until the used heap stops shrinking, and returns the smallest reading:
     * close to the live set, with the least garbage that the still-running checks made meanwhile.
     */
    private static long settledUsedHeap() throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < MAX_GC_ROUNDS; round++) {
            System.gc();
            Thread.sleep(100);
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (used >= best && round >= 3) {
                break;
            }
            best = Math.min(best, used);
        }
        return best;
    }
}
