package dev.runner.micrometer;

import dev.runner.Context;
import dev.runner.Health;
import dev.runner.Service;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * A service whose n-th start (its instance n) throws or not and whose health, per instance, the
 * test decides; it keeps the context of its latest start, so the test can report an exit.
 */
final class ScriptedService implements Service {

    private final String name;
    private final AtomicInteger instance = new AtomicInteger();
    private final AtomicReference<Context> context = new AtomicReference<>();
    private volatile IntFunction<Exception> startFailure = n -> null;
    private volatile IntFunction<Health> health = n -> Health.up();

    ScriptedService(String name) {
        this.name = name;
    }

    /** Makes instance n's start throw what {@code failure} gives for n (null: return). */
    ScriptedService failStart(IntFunction<Exception> failure) {
        this.startFailure = failure;
        return this;
    }

    /** Makes the health of the current instance what {@code health} gives for its number. */
    ScriptedService health(IntFunction<Health> health) {
        this.health = health;
        return this;
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
    public void start(Context context) throws Exception {
        int n = instance.incrementAndGet();
        this.context.set(context);
        Exception failure = startFailure.apply(n);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void stop(Context context) {
    }

    @Override
    public Health health() {
        return health.apply(instance.get());
    }
}
