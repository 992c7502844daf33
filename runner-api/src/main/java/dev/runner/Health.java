package dev.runner;

import dev.runner.spi.RedactedException;
import java.util.Objects;

/**
 * The result of a health check.
 *
 * @param healthy whether the checked thing is up
 * @param detail  what the check found, for people; never null
 */
public record Health(boolean healthy, String detail) {

    private static final Health UP = new Health(true, "up");

    /**
     * Creates a health result.
     *
     * @throws NullPointerException if {@code detail} is null
     */
    public Health {
        Objects.requireNonNull(detail, "detail must not be null");
    }

    /**
     * Returns the healthy result.
     *
     * @return a healthy result with detail "up"
     */
    public static Health up() {
        return UP;
    }

    /**
     * Returns an unhealthy result.
     *
     * @param detail what is wrong
     * @return an unhealthy result
     * @throws NullPointerException if {@code detail} is null
     */
    public static Health down(String detail) {
        return new Health(false, detail);
    }

    /**
     * Returns an unhealthy result described by an exception: its message, or its class name when
     * it has none.
     *
     * @param cause what went wrong
     * @return an unhealthy result
     * @throws NullPointerException if {@code cause} is null
     */
    public static Health down(Throwable cause) {
        Objects.requireNonNull(cause, "cause must not be null");
        String message = cause.getMessage();
        String type = cause instanceof RedactedException redacted ? redacted.originalClassName() : cause.getClass().getName();
        return new Health(false, message == null || message.isBlank() ? type : message);
    }
}
