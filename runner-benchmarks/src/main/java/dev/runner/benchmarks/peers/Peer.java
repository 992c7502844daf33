package dev.runner.benchmarks.peers;

import dev.runner.benchmarks.workload.Workload;

/** The ways of running a workload that the benchmarks set side by side. */
public enum Peer {

    /** Runner's engine, found through {@code Runner.create}. */
    RUNNER,
    /** One service at a time, in topological order, on the calling thread. */
    SEQUENTIAL,
    /** A dependency-aware {@code CompletableFuture} graph on a fixed pool of platform threads. */
    PLATFORM_POOL,
    /** The same graph on a new virtual thread per call, with no timeouts or supervision. */
    VIRTUAL_THREADS,
    /** Guava's {@code ServiceManager}: one for independent services, else one per level of the graph. */
    GUAVA;

    /**
     * Returns the peer a benchmark method stands for: each benchmark class names its methods
     * {@code runner}, {@code sequential}, {@code platformPool}, {@code virtualThreads} and
     * {@code guava}.
     *
     * @param method a benchmark's method name, or its full name {@code package.Class.method}
     * @return the peer
     * @throws IllegalArgumentException if the name is none of those five
     */
    public static Peer ofMethod(String method) {
        String simple = method.substring(method.lastIndexOf('.') + 1);
        return switch (simple) {
            case "runner" -> RUNNER;
            case "sequential" -> SEQUENTIAL;
            case "platformPool" -> PLATFORM_POOL;
            case "virtualThreads" -> VIRTUAL_THREADS;
            case "guava" -> GUAVA;
            default -> throw new IllegalArgumentException("no peer for benchmark method " + method);
        };
    }

    /**
     * Makes a group of this kind for a workload, not started.
     *
     * @param workload the services and their graph
     * @return the group
     * @throws UnsupportedOperationException if this peer cannot express the workload's graph
     */
    public ServiceGroup group(Workload workload) {
        return switch (this) {
            case RUNNER -> new RunnerGroup(workload);
            case SEQUENTIAL -> new SequentialGroup(workload);
            case PLATFORM_POOL -> FutureGraphGroup.onPlatformPool(workload, FutureGraphGroup.defaultPoolSize());
            case VIRTUAL_THREADS -> FutureGraphGroup.onVirtualThreads(workload);
            case GUAVA -> new GuavaGroup(workload);
        };
    }
}
