package dev.runner.engine;

import java.time.Duration;

/** How the engine words things in messages people read: names, causes and durations. */
final class Messages {

    private Messages() {
    }

    /** Returns a service or runner name in quotes: {@code "db"}. */
    static String quote(String name) {
        return "\"" + name + "\"";
    }

    /** Returns a cause's message, or its class name when it has none. */
    static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown cause";
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getName() : message;
    }

    /** Returns {@code duration} in the largest unit that keeps it readable: {@code 250ms}, {@code 1.5s}, {@code 90s}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        return millis % 1000 == 0 ? duration.toSeconds() + "s" : (millis / 1000.0) + "s";
    }
}
