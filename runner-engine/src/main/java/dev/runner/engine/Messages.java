package dev.runner.engine;

import java.time.Duration;

/** How the engine words things in messages people read: names, causes and durations. */
final class Messages {

    /** Durations from here on read as "forever"; far below the overflow of {@code toMillis()}. */
    private static final Duration FOREVER = Duration.ofDays(365L * 1000);

    private Messages() {
    }

    /** Returns a count with its noun, singular or plural as it reads: {@code 1 service}, {@code 3 services}. */
    static String count(int n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
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
        if (duration.compareTo(FOREVER) >= 0) {
            return "forever";
        }
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        return millis % 1000 == 0 ? duration.toSeconds() + "s" : (millis / 1000.0) + "s";
    }
}
