package dev.runner.examples;

/**
 * Prints what happens in the demo, each line stamped with the seconds since the demo began, so
 * that services starting at the same time show up with the same stamp.
 */
final class Console {

    /** When the demo began: the first use of this class. */
    private static final long START = System.nanoTime();

    private Console() {
    }

    /**
     * Prints one event.
     *
     * @param who  the service (or "demo") the event belongs to
     * @param what what happened
     */
    static void print(String who, String what) {
        double seconds = (System.nanoTime() - START) / 1e9;
        // One println per line, so lines from concurrent services never interleave.
        System.out.println(String.format("%6.2fs  %-9s %s", seconds, who, what));
    }

    /**
     * Prints a line that belongs to the event printed before it, indented below it.
     *
     * @param text the line
     */
    static void detail(String text) {
        System.out.println(" ".repeat(18) + text);
    }
}
