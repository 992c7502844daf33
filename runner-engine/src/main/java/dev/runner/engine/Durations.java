package dev.runner.engine;

import java.time.Duration;

/** Formats durations for messages people read: {@code 1.5s}, {@code 250ms}, {@code 90s}. */
final class Durations {

    private Durations() {
    }

    /** Returns {@code duration} in the largest unit that keeps it readable. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : (millis / 1000.0) + "s";
    }
}
