package dev.runner.endpoint;

import dev.runner.Context;
import dev.runner.Health;
import dev.runner.Service;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A service a test steers through its life: its starts can be held at a gate, its health is
 * whatever the test says (up, down, or a call that hangs until released), and it can report an exit
 * through the context of its latest start.
 */
final class GatedService implements Service {

    private final String name;
    private final AtomicReference<CountDownLatch> startGate = new AtomicReference<>(new CountDownLatch(0));
    private final AtomicReference<Context> context = new AtomicReference<>();
    private volatile Supplier<Health> health = Health::up;

    GatedService(String name) {
        this.name = name;
    }

    /** Makes every later {@code start} wait until {@link #openStarts()}. */
    GatedService holdStarts() {
        startGate.set(new CountDownLatch(1));
        return this;
    }

    /** Lets held and later starts return. */
    void openStarts() {
        startGate.get().countDown();
    }

    /** Makes {@code health()} answer what {@code health} gives. */
    GatedService health(Supplier<Health> health) {
        this.health = health;
        return this;
    }

    /** Makes {@code health()} count {@code entered} down and block until {@code release} opens (or its thread is interrupted). */
    GatedService hangHealth(CountDownLatch entered, CountDownLatch release) {
        return health(() -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Health.up();
        });
    }

    /** Reports, through the latest start's context, that the service ended with {@code cause}. */
    void exit(Throwable cause) {
        context.get().exited(cause);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(Context context) throws InterruptedException {
        this.context.set(context);
        startGate.get().await();
    }

    @Override
    public void stop(Context context) {
    }

    @Override
    public Health health() {
        return health.get();
    }
}
