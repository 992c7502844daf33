package dev.runner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** The caller's contexts: background and with a timeout. */
class ContextTest {

    @Test
    void backgroundHasNoDeadlineAndIsNeverCancelled() {
        Context context = Context.background();

        assertTrue(context.deadline().isEmpty());
        assertFalse(context.isCancelled());
        context.exited(new RuntimeException("ignored"));
        context.exited(null);
        assertFalse(context.isCancelled());
    }

    @Test
    void withTimeoutSetsTheDeadlineThatFarFromNow() {
        Instant before = Instant.now();
        Context context = Context.withTimeout(Duration.ofHours(1));
        Instant after = Instant.now();

        Instant deadline = context.deadline().orElseThrow();
        assertFalse(deadline.isBefore(before.plus(Duration.ofHours(1))), deadline + " before " + before);
        assertFalse(deadline.isAfter(after.plus(Duration.ofHours(1))), deadline + " after " + after);
        assertFalse(context.isCancelled());
    }

    @Test
    void withATimeoutTooLargeForTheClockHasNoDeadline() {
        Context context = Context.withTimeout(ChronoUnit.FOREVER.getDuration());

        assertTrue(context.deadline().isEmpty());
        assertFalse(context.isCancelled());
    }

    @Test
    void withTimeoutIsCancelledOnceItsDeadlinePassed() {
        assertTrue(Context.withTimeout(Duration.ZERO).isCancelled());
    }

    @Test
    void withTimeoutIgnoresExits() {
        Context context = Context.withTimeout(Duration.ofHours(1));

        context.exited(new RuntimeException("ignored"));

        assertFalse(context.isCancelled());
    }

    @Test
    void withTimeoutRefusesNegativeAndNullTimeouts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Context.withTimeout(Duration.ofMillis(-1)));
        assertTrue(e.getMessage().contains("timeout must not be negative"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Context.withTimeout(null));
    }
}
