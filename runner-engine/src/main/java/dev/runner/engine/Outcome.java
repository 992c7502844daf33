package dev.runner.engine;

import java.time.Duration;

/**
 * How a {@link BoundedCall} ended, as seen by whoever waits for it.
 *
 * <p>Code on the start and stop path tells the cases apart with {@code instanceof}, not with a
 * pattern {@code switch}: javac links each pattern switch, at its first run, by generating a class,
 * which costs a JVM's first such switch some 10 ms and each later one about a millisecond, and
 * the JDK's AOT cache does not keep them (JDK 25). Every application pays that in its first start.
 */
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
