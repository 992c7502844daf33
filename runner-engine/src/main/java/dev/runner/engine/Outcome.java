package dev.runner.engine;

import java.time.Duration;

/** How a {@link BoundedCall} ended, as seen by whoever waits for it. */
sealed interface Outcome<T> {

    /** The call returned {@code value} in time. */
    record Returned<T>(T value) implements Outcome<T> {
    }

    /** The call threw {@code cause} in time. */
    record Threw<T>(Throwable cause) implements Outcome<T> {
    }

    /** The call overran its timeout {@code after} and was interrupted. */
    record TimedOut<T>(Duration after) implements Outcome<T> {
    }

    /** The engine gave the call up (a stop or a failed start) and interrupted it. */
    record Cancelled<T>() implements Outcome<T> {
    }
}
