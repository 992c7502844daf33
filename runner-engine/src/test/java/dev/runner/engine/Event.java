package dev.runner.engine;

/**
 * One thing a test service did, in the order the {@link EventLog} saw it.
 *
 * @param seq      the position in the log; an event that happened before another has a smaller one
 * @param service  the service's name, or {@code "test"} for marks the test itself made
 * @param instance which start of the service it belongs to, from 1; 0 when none
 * @param kind     what happened
 * @param detail   more about it, or an empty string
 * @param thread   the thread it happened on
 * @param nanos    {@link System#nanoTime()} when it was logged
 */
record Event(long seq, String service, int instance, Kind kind, String detail, Thread thread, long nanos) {

    /** What a test service (or the test) did. */
    enum Kind {
        /** {@code start} was called. */
        START_BEGIN,
        /** {@code start} returned normally. */
        STARTED,
        /** {@code start} threw. */
        START_FAILED,
        /** {@code stop} was called. */
        STOP_BEGIN,
        /** {@code stop} returned normally. */
        STOPPED,
        /** {@code stop} threw. */
        STOP_FAILED,
        /** A blocked call saw its thread interrupted; detail is {@code cancelled=<isCancelled()>}. */
        INTERRUPTED,
        /** {@code health()} was called; detail is what it returned. */
        HEALTH,
        /** A point the test marked, to order other events against. */
        MARK
    }

    @Override
    public String toString() {
        return "#" + seq + " " + service + "/" + instance + " " + kind + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
