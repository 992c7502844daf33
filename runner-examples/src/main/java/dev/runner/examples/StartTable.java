package dev.runner.examples;

import dev.runner.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a run's start as a table, as {@code systemd-analyze blame} does: when each service was
 * launched (its dependencies ready), when its {@code start} returned, when it was ready, and how
 * long that took; then the critical path that decided when the start ended.
 */
final class StartTable {

    private StartTable() {
    }

    /**
     * Returns the table's lines: a header, a row per service in the order added, and the critical
     * path. A mark not reached shows as {@code -}.
     *
     * @param timeline the run's timeline
     * @return the lines
     */
    static List<String> lines(Timeline timeline) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-9s %9s %9s %9s %9s", "service", "launched", "started", "ready", "took"));
        for (Timeline.Span span : timeline.spans()) {
            lines.add(String.format("%-9s %9s %9s %9s %9s", span.service(), mark(span.launched()),
                    mark(span.started()), mark(span.ready()), mark(span.launchToReady())));
        }
        lines.add("critical path: " + (timeline.criticalPath().isEmpty() ? "-"
                : String.join(" <- ", timeline.criticalPath())));
        return lines;
    }

    private static String mark(Duration offset) {
        return offset == null ? "-" : StatusReport.seconds(offset);
    }
}
