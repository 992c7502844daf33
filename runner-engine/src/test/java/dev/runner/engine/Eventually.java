package dev.runner.engine;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/** Waits, with a generous bound, for something to become true, and says what was seen if it does not. */
final class Eventually {

    /** The bound: long enough for a busy two-core machine, short enough to fail a hung test. */
    static final Duration BOUND = Duration.ofSeconds(30);

    private Eventually() {
    }

    /** Polls {@code condition} until it is true; on timeout fails with {@code state}'s description. */
    static void until(Callable<Boolean> condition, Supplier<String> state) {
        try {
            await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("condition not met within " + BOUND + "; state:\n" + state.get(), e);
        }
    }
}
