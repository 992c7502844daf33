package dev.runner.benchmarks.peers;

import dev.runner.Context;
import dev.runner.Health;
import dev.runner.Service;
import dev.runner.benchmarks.workload.Graph;
import dev.runner.benchmarks.workload.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The same dependency-aware scheduling as Runner, written as a plain {@code CompletableFuture}
 * graph on an executor: each service starts on the executor once all its dependencies are ready
 * (started and healthy), and stops once everything that depends on it stopped.
 *
 * <p>Two peers use it. On a fixed pool of platform threads it shows what virtual threads buy: a
 * blocking call holds a pool thread, so at most the pool's size of services start at a time. On a
 * new virtual thread per call, with no timeouts, cancellation or supervision, it is the least a
 * virtual-thread design can do: the floor under Runner's own figures.
 *
 * <p>Deliberately minimal: a failure fails the whole start but cancels nothing in flight. The
 * executor is shut down by {@link #stop()}.
 */
public final class FutureGraphGroup implements ServiceGroup {

    private static final long HEALTH_TIMEOUT_MILLIS = 1_000;

    private final Workload workload;
    private final ExecutorService executor;
    private final Map<String, Service> byName = new HashMap<>();
    private boolean started;

    /**
     * Makes the group on a fixed pool of platform threads.
     *
     * @param workload the services and their graph
     * @param poolSize the number of platform threads
     * @return the group, which owns its pool
     * @throws IllegalArgumentException if {@code poolSize} is not positive
     */
    public static FutureGraphGroup onPlatformPool(Workload workload, int poolSize) {
        return new FutureGraphGroup(workload, Executors.newFixedThreadPool(poolSize));
    }

    /**
     * Makes the group on a new virtual thread per call.
     *
     * @param workload the services and their graph
     * @return the group, which owns its executor
     */
    public static FutureGraphGroup onVirtualThreads(Workload workload) {
        return new FutureGraphGroup(workload, Executors.newVirtualThreadPerTaskExecutor());
    }

    private FutureGraphGroup(Workload workload, ExecutorService executor) {
        this.workload = workload;
        this.executor = executor;
        for (Service service : workload.services()) {
            byName.put(service.name(), service);
        }
    }

    /**
     * Returns the pool size the benchmarks use: two threads per core, a common choice for work that
     * blocks part of the time.
     *
     * @return {@code availableProcessors() * 2}
     */
    public static int defaultPoolSize() {
        return Runtime.getRuntime().availableProcessors() * 2;
    }

    /** @throws CompletionException wrapping the first failure to start or become healthy */
    @Override
    public void start() {
        started = true;
        Map<String, CompletableFuture<Void>> ready = new HashMap<>();
        for (Graph.Node node : workload.graph().nodes()) {
            Service service = byName.get(node.name());
            ready.put(node.name(), allOf(node.dependsOn(), ready).thenRunAsync(() -> startReady(service), executor));
        }
        CompletableFuture.allOf(ready.values().toArray(CompletableFuture[]::new)).join();
    }

    /** @throws CompletionException wrapping a failure to stop, after every service was tried */
    @Override
    public void stop() {
        if (!started) {
            executor.shutdown();
            return;
        }
        started = false;
        Map<String, List<String>> dependents = workload.graph().dependents();
        Map<String, CompletableFuture<Void>> stopped = new HashMap<>();
        try {
            for (Graph.Node node : workload.graph().reverseOrder()) {
                Service service = byName.get(node.name());
                // A dependent's failed stop must not keep its dependencies running: wait for the
                // dependents to finish, failed or not.
                CompletableFuture<Void> dependentsDone = allOf(dependents.get(node.name()), stopped)
                        .handle((ignored, failure) -> null);
                stopped.put(node.name(), dependentsDone.thenRunAsync(() -> call(() -> service.stop(Context.background())), executor));
            }
            CompletableFuture.allOf(stopped.values().toArray(CompletableFuture[]::new)).join();
        } finally {
            executor.shutdown();
            awaitExecutor();
        }
    }

    /**
     * Calls every service's {@code health()} on the executor, each bounded by one second.
     *
     * @return each service's health by name; a check that threw or timed out is down
     */
    @Override
    public Map<String, Health> health() {
        List<CompletableFuture<Health>> checks = new ArrayList<>(workload.size());
        for (Service service : workload.services()) {
            checks.add(CompletableFuture.supplyAsync(service::health, executor)
                    .orTimeout(HEALTH_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                    .exceptionally(Health::down));
        }
        Map<String, Health> report = new LinkedHashMap<>();
        for (int i = 0; i < checks.size(); i++) {
            report.put(workload.services().get(i).name(), checks.get(i).join());
        }
        return report;
    }

    private static CompletableFuture<Void> allOf(List<String> names, Map<String, CompletableFuture<Void>> futures) {
        if (names.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(names.stream().map(futures::get).toArray(CompletableFuture[]::new));
    }

    private static void startReady(Service service) {
        call(() -> service.start(Context.background()));
        Health health = service.health();
        if (!health.healthy()) {
            throw new IllegalStateException(service.name() + " is unhealthy: " + health.detail());
        }
    }

    private void awaitExecutor() {
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("executor threads still busy 30 s after stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A lifecycle call that may throw a checked exception. */
    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    private static void call(Call call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }
}
