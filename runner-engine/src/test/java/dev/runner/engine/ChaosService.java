package dev.runner.engine;

import dev.runner.Context;
import dev.runner.Health;
import dev.runner.Service;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A service for the soak: once the chaos is on it exits by itself now and then, fails some of its
 * restarts (a throw, or a start that hangs until its timeout interrupts it), and fails health
 * checks, at random or flapping (down for a stretch in every period). It keeps no history, so a
 * long run does not grow the heap by itself.
 *
 * <p>It checks what the contract promises about its calls, and collects breaches in
 * {@link #violations()}: a {@code stop} only for an instance that is up (its {@code start}
 * returned), at most one per instance, and never a second instance up, or starting, while one is
 * up. Invariant: {@link #up} is the instance whose start returned and whose stop has not been
 * called, 0 when none.
 */
final class ChaosService implements Service {

    /**
     * What the service does once the chaos is on.
     *
     * @param exitEvery        the mean time between its exits by itself; zero for never
     * @param exitFailChance   the chance that an exit carries a cause
     * @param startFailChance  the chance that a restart's {@code start} throws
     * @param startHangChance  the chance that a restart's {@code start} hangs until interrupted
     * @param checkFailChance  the chance that a health check fails, flapping aside
     * @param flapPeriod       the period of its flapping health; zero for none
     * @param flapDown         how long in each period its health is down
     * @param callMillis       the longest its {@code start} and {@code stop} work
     */
    record Behaviour(Duration exitEvery, double exitFailChance, double startFailChance, double startHangChance,
                     double checkFailChance, Duration flapPeriod, Duration flapDown, int callMillis) {

        /** Makes a random behaviour; about a third of the services exit, a fifth flap. */
        static Behaviour random(Random random) {
            Duration exitEvery = random.nextInt(3) == 0 ? Duration.ofSeconds(30 + random.nextInt(270)) : Duration.ZERO;
            boolean failsStarts = random.nextInt(5) == 0;
            boolean flaps = random.nextInt(5) == 0;
            Duration period = Duration.ofSeconds(10 + random.nextInt(50));
            return new Behaviour(exitEvery, random.nextDouble(),
                    failsStarts ? 0.3 : 0, failsStarts ? 0.1 : 0,
                    random.nextInt(5) == 0 ? 0.005 : 0,
                    flaps ? period : Duration.ZERO, Duration.ofMillis(1000 + random.nextInt(7000)),
                    random.nextInt(21));
        }
    }

    /** A failure made by the soak; without a stack trace, so the engine's log of it stays short. */
    static final class Injected extends IOException {
        Injected(String what) {
            super(what);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final String name;
    private final Behaviour behaviour;
    private final AtomicBoolean chaos;
    private final ScheduledExecutorService exits;

    private final AtomicInteger startCalls = new AtomicInteger();
    private final AtomicInteger startsReturned = new AtomicInteger();
    private final AtomicInteger stopCalls = new AtomicInteger();
    private final AtomicInteger callsInFlight = new AtomicInteger();
    private final AtomicInteger up = new AtomicInteger();
    /** When the instance that is up came up, in {@link System#nanoTime()}; its health flaps from there. */
    private volatile long upSince;
    /** The exit scheduled for the instance that is up, cancelled by its stop. */
    private final AtomicReference<ScheduledFuture<?>> exit = new AtomicReference<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final LongAdder injected = new LongAdder();

    /**
     * Creates the service.
     *
     * @param chaos whether the chaos is on; off, it starts, stops and is healthy as a good service
     * @param exits where its exits are scheduled (a shared single-thread scheduler that removes
     *              cancelled tasks)
     */
    ChaosService(String name, Behaviour behaviour, AtomicBoolean chaos, ScheduledExecutorService exits) {
        this.name = name;
        this.behaviour = behaviour;
        this.chaos = chaos;
        this.exits = exits;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(Context context) throws Exception {
        int instance = startCalls.incrementAndGet();
        callsInFlight.incrementAndGet();
        try {
            int running = up.get();
            if (running != 0) {
                violations.add("start of instance " + instance + " began while instance " + running + " was up");
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (chaos.get() && instance > 1) {
                double roll = random.nextDouble();
                if (roll < behaviour.startFailChance()) {
                    injected.increment();
                    throw new Injected("injected start failure of " + name + "/" + instance);
                }
                if (roll < behaviour.startFailChance() + behaviour.startHangChance()) {
                    injected.increment();
                    new CountDownLatch(1).await(); // until the start timeout interrupts it
                }
            }
            Thread.sleep(random.nextInt(behaviour.callMillis() + 1));
            if (!up.compareAndSet(0, instance)) {
                violations.add("instance " + instance + " came up while instance " + up.get() + " was up");
            }
            upSince = System.nanoTime();
            startsReturned.incrementAndGet();
            scheduleExit(context, instance);
        } finally {
            callsInFlight.decrementAndGet();
        }
    }

    private void scheduleExit(Context context, int instance) {
        if (behaviour.exitEvery().isZero()) {
            return;
        }
        long mean = behaviour.exitEvery().toMillis();
        long delay = mean / 2 + ThreadLocalRandom.current().nextLong(mean);
        exit.set(exits.schedule(() -> exitIfUp(context, instance), delay, TimeUnit.MILLISECONDS));
    }

    /** Reports the exit of an instance that is still up; before the chaos, schedules it again. */
    private void exitIfUp(Context context, int instance) {
        if (up.get() != instance) {
            return;
        }
        if (!chaos.get()) {
            scheduleExit(context, instance);
            return;
        }
        injected.increment();
        boolean fails = ThreadLocalRandom.current().nextDouble() < behaviour.exitFailChance();
        context.exited(fails ? new Injected("injected exit of " + name + "/" + instance) : null);
    }

    @Override
    public void stop(Context context) throws Exception {
        stopCalls.incrementAndGet();
        callsInFlight.incrementAndGet();
        try {
            int instance = up.getAndSet(0);
            if (instance == 0) {
                violations.add("stop called with no instance up (after " + startCalls.get() + " starts)");
            }
            ScheduledFuture<?> pending = exit.getAndSet(null);
            if (pending != null) {
                pending.cancel(false);
            }
            Thread.sleep(ThreadLocalRandom.current().nextInt(behaviour.callMillis() + 1));
        } finally {
            callsInFlight.decrementAndGet();
        }
    }

    @Override
    public Health health() {
        if (!chaos.get()) {
            return Health.up();
        }
        Duration period = behaviour.flapPeriod();
        if (!period.isZero()) {
            long intoPeriod = (System.nanoTime() - upSince) % period.toNanos();
            if (intoPeriod >= period.minus(behaviour.flapDown()).toNanos()) {
                return Health.down("flapping: down for " + behaviour.flapDown().toMillis() + " ms in every "
                        + period.toSeconds() + " s");
            }
        }
        if (ThreadLocalRandom.current().nextDouble() < behaviour.checkFailChance()) {
            return Health.down("injected failed check");
        }
        return Health.up();
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

    /** Returns how many of its calls are running now. */
    int callsInFlight() {
        return callsInFlight.get();
    }

    /** Returns how many exits and failed or hung starts it made. */
    long injected() {
        return injected.sum();
    }

    /** Returns the breaches of the contract's start and stop pairing seen so far. */
    List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public String toString() {
        return name;
    }
}
