package dev.runner;

import java.time.Duration;
import java.util.Objects;

/** Argument checks for durations, shared by the value types so every message reads the same. */
final class Durations {

    private Durations() {
    }

    /** Returns {@code value}, or throws if it is null or negative; {@code what} names it. */
    static Duration requireNonNegative(String what, Duration value) {
        Objects.requireNonNull(value, what + " must not be null");
        if (value.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + value);
        }
        return value;
    }

    /** Returns {@code value}, or throws if it is null, zero or negative; {@code what} names it. */
    static Duration requirePositive(String what, Duration value) {
        Objects.requireNonNull(value, what + " must not be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
        return value;
    }
}
