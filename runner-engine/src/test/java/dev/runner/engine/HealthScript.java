package dev.runner.engine;

import dev.runner.Health;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Results a test lines up for the health checks to come, one a check, in order; a check with
 * nothing lined up passes. A test that lines up {@code fail("a", "b")} knows the next two checks
 * fail and the ones after pass, whenever the runner makes them.
 */
final class HealthScript {

    private final Queue<Health> next = new ConcurrentLinkedQueue<>();

    /** Lines up one failed check per detail, in order. */
    HealthScript fail(String... details) {
        for (String detail : details) {
            next.add(Health.down(detail));
        }
        return this;
    }

    /** Lines up one passed check. */
    HealthScript pass() {
        next.add(Health.up());
        return this;
    }

    /** Returns the result of the next check: the first one lined up, or up when none is. */
    Health next() {
        Health scripted = next.poll();
        return scripted == null ? Health.up() : scripted;
    }
}
