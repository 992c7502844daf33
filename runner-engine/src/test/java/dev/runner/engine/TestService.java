package dev.runner.engine;

import dev.runner.Context;
import dev.runner.Health;
import dev.runner.Service;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A service whose start, stop and health a test configures, and which records every call in an
 * {@link EventLog} with its instance number (the n-th {@code start} is instance n).
 *
 * <p>It also checks the pairing the contract promises: a {@code stop} only for an instance whose
 * {@code start} returned normally, at most one per instance, and never two instances running at
 * once. Breaches are collected in {@link #violations()}.
 */
final class TestService implements Service {

    /** What a {@code start} or {@code stop} call does. */
    @FunctionalInterface
    interface Action {
        /** Runs the call for one instance. */
        void run(Context context, int instance) throws Exception;
    }

    private final String name;
    private final EventLog log;
    private volatile Action onStart = (context, instance) -> { };
    private volatile Action onStop = (context, instance) -> { };
    private volatile IntFunction<Health> health = instance -> Health.up();

    private final AtomicInteger startCalls = new AtomicInteger();
    private final AtomicInteger startsReturned = new AtomicInteger();
    private final AtomicInteger stopCalls = new AtomicInteger();
    private final AtomicInteger healthCalls = new AtomicInteger();
    /** The instance whose start returned and that has not been stopped yet; 0 when none. */
    private final AtomicInteger running = new AtomicInteger();
    private final Map<Integer, Context> startContexts = new ConcurrentHashMap<>();
    private final Map<Integer, Context> stopContexts = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> stopsPerInstance = new ConcurrentHashMap<>();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    TestService(String name, EventLog log) {
        this.name = name;
        this.log = log;
    }

    /** Sets what {@code start} does. */
    TestService onStart(Action action) {
        this.onStart = action;
        return this;
    }

    /** Sets what {@code stop} does. */
    TestService onStop(Action action) {
        this.onStop = action;
        return this;
    }

    /** Makes {@code start} throw {@code failure}. */
    TestService failStart(Exception failure) {
        return onStart((context, instance) -> {
            throw failure;
        });
    }

    /** Makes {@code start} block until its thread is interrupted, logging the interruption. */
    TestService hangInStart() {
        return onStart((context, instance) -> blockUntilInterrupted(context, instance));
    }

    /** Makes {@code stop} block until its thread is interrupted, logging the interruption. */
    TestService hangInStop() {
        return onStop((context, instance) -> blockUntilInterrupted(context, instance));
    }

    /** Sets the health every instance reports. */
    TestService health(Health value) {
        this.health = instance -> value;
        return this;
    }

    /** Sets the health by instance number. */
    TestService health(IntFunction<Health> byInstance) {
        this.health = byInstance;
        return this;
    }

    /** Blocks until interrupted, logs {@link Event.Kind#INTERRUPTED} and throws the interruption. */
    void blockUntilInterrupted(Context context, int instance) throws InterruptedException {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            log.add(name, instance, Event.Kind.INTERRUPTED, "cancelled=" + context.isCancelled());
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(Context context) throws Exception {
        int instance = startCalls.incrementAndGet();
        threads.add(Thread.currentThread());
        startContexts.put(instance, context);
        log.add(name, instance, Event.Kind.START_BEGIN, "");
        try {
            onStart.run(context, instance);
        } catch (Exception | Error e) {
            log.add(name, instance, Event.Kind.START_FAILED, String.valueOf(e));
            throw e;
        }
        if (!running.compareAndSet(0, instance)) {
            violations.add("instance " + instance + " started while instance " + running.get() + " was running");
        }
        startsReturned.incrementAndGet();
        log.add(name, instance, Event.Kind.STARTED, "");
    }

    @Override
    public void stop(Context context) throws Exception {
        stopCalls.incrementAndGet();
        threads.add(Thread.currentThread());
        int instance = running.getAndSet(0);
        if (instance == 0) {
            violations.add("stop called with no running instance (after " + startCalls.get() + " starts)");
        } else if (stopsPerInstance.computeIfAbsent(instance, i -> new AtomicInteger()).incrementAndGet() > 1) {
            violations.add("instance " + instance + " stopped twice");
        }
        stopContexts.put(instance, context);
        log.add(name, instance, Event.Kind.STOP_BEGIN, "");
        try {
            onStop.run(context, instance);
        } catch (Exception | Error e) {
            log.add(name, instance, Event.Kind.STOP_FAILED, String.valueOf(e));
            throw e;
        }
        log.add(name, instance, Event.Kind.STOPPED, "");
    }

    @Override
    public Health health() {
        healthCalls.incrementAndGet();
        threads.add(Thread.currentThread());
        int instance = running.get();
        Health result = health.apply(instance == 0 ? startCalls.get() : instance);
        log.add(name, instance, Event.Kind.HEALTH, result.healthy() ? "up" : "down: " + result.detail());
        return result;
    }

    /** Returns how many times {@code start} was called. */
    int starts() {
        return startCalls.get();
    }

    /** Returns how many {@code start} calls returned normally. */
    int startsReturned() {
        return startsReturned.get();
    }

    /** Returns how many times {@code stop} was called. */
    int stops() {
        return stopCalls.get();
    }

    /** Returns how many times {@code health} was called. */
    int healthCalls() {
        return healthCalls.get();
    }

    /** Returns the context of the instance's {@code start} call, or null if it was not started. */
    Context startContext(int instance) {
        return startContexts.get(instance);
    }

    /** Returns the context of the instance's {@code stop} call, or null if it was not stopped. */
    Context stopContext(int instance) {
        return stopContexts.get(instance);
    }

    /** Tells whether an instance's start returned and it has not been stopped. */
    boolean isUp() {
        return running.get() != 0;
    }

    /** Returns every thread that ran one of this service's calls. */
    Set<Thread> threads() {
        return Set.copyOf(threads);
    }

    /** Returns the breaches of the start/stop pairing seen so far. */
    List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public String toString() {
        return name;
    }
}
