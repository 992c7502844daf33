package dev.runner.endpoint;

import java.time.Duration;
import java.util.Locale;

/** How the pictures and the page word counts and durations: "1 restart", "3 restarts", "12.5 ms". */
final class Words {

    private Words() {
    }

    /** Returns the count with its noun, plural unless the count is one. */
    static String count(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** Returns a duration in milliseconds with up to three decimals and no trailing zeros. */
    static String millis(Duration duration) {
        return millis(duration.toNanos() / 1_000_000.0);
    }

    /** Returns a number of milliseconds with up to three decimals and no trailing zeros. */
    static String millis(double millis) {
        return decimal(millis, 3) + " ms";
    }

    /**
     * Returns a number with at most {@code digits} decimals, a dot whatever the default locale, and
     * no trailing zeros: {@code 12.5}, {@code 100}, never {@code -0}.
     */
    static String decimal(double value, int digits) {
        String text = String.format(Locale.ROOT, "%." + digits + "f", value);
        if (text.indexOf('.') >= 0) {
            text = text.replaceAll("\\.?0+$", "");
        }
        return text.equals("-0") ? "0" : text;
    }
}
