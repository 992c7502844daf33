package dev.runner.endpoint;

import dev.runner.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Draws a {@link Timeline} as a Gantt chart: one row per service in the order they were added,
 * a bar per phase in its own colour (waiting for the start delay, starting, becoming ready,
 * stopping), the rows of the critical path on a tinted band with their names in bold, and a time
 * axis in milliseconds from the run's start.
 *
 * <p>A phase that ended as it began (no start delay, say) has no bar. A phase that began but has not ended (a service still starting, or never ready) is drawn
 * faded, up to the service's next mark or else to the end of the axis. The axis ends at the first round
 * number after the latest mark of any service, so a phase under way at that mark still shows.
 */
final class TimelineSvg {

    /**
     * A phase of a service's run, between two of its marks.
     *
     * @param cssClass the bar's class, for tests and style sheets
     * @param label    the legend's word
     * @param colour   the bar's fill
     * @param from     the mark that begins it
     * @param to       the mark that ends it
     */
    private record Phase(String cssClass, String label, String colour,
                         Function<Timeline.Span, Duration> from, Function<Timeline.Span, Duration> to) {
    }

    private static final List<Phase> PHASES = List.of(
            new Phase("waiting", "waiting (start delay)", "#cbd5e1", Timeline.Span::launched, Timeline.Span::startBegan),
            new Phase("starting", "starting", "#60a5fa", Timeline.Span::startBegan, Timeline.Span::started),
            new Phase("becoming-ready", "becoming ready", "#4ade80", Timeline.Span::started, Timeline.Span::ready),
            new Phase("stopping", "stopping", "#fb923c", Timeline.Span::stopBegan, Timeline.Span::stopped));

    private static final String CRITICAL_BAND = "#fee2e2";
    private static final double PAD = 12;
    /** Room right of the axis for its last label. */
    private static final double RIGHT = 36;
    private static final double LEGEND = 28;
    private static final double ROW = 24;
    private static final double BAR = 14;
    private static final double AXIS = 34;
    private static final double CHART_WIDTH = 720;
    private static final double CHAR_WIDTH = 7.5;
    private static final int MOST_TICKS = 8;

    private TimelineSvg() {
    }

    /** Draws the chart. */
    static String draw(Timeline timeline) {
        List<Timeline.Span> spans = timeline.spans();
        Set<String> critical = new HashSet<>(timeline.criticalPath());
        double labelWidth = Math.max(90, spans.stream().mapToInt(s -> s.service().length()).max().orElse(0) * CHAR_WIDTH + 24);
        double latest = spans.stream().flatMap(TimelineSvg::marks).mapToDouble(TimelineSvg::millis).max().orElse(0);
        double step = tickStep(latest);
        double axisEnd = (Math.floor(latest / step) + 1) * step;
        double rowsTop = PAD + LEGEND;
        double axisY = rowsTop + spans.size() * ROW + 4;
        double width = labelWidth + CHART_WIDTH + RIGHT;
        double height = axisY + AXIS;
        Function<Double, Double> x = ms -> labelWidth + ms / axisEnd * CHART_WIDTH;

        String title = "Start timeline" + (timeline.criticalPath().isEmpty() ? ""
                : "; critical path: " + String.join(" \u2192 ", timeline.criticalPath()));
        Svg svg = new Svg(width, height, title);
        legend(svg, labelWidth);
        for (int tick = 0; tick * step <= axisEnd + step / 1e6; tick++) {
            double ms = tick * step;
            svg.empty("line", "class", "grid", "x1", x.apply(ms), "y1", rowsTop, "x2", x.apply(ms), "y2", axisY,
                            "stroke", "#e5e7eb")
                    .text("text", Words.decimal(ms, decimals(step)) + " ms", "class", "tick",
                            "x", x.apply(ms), "y", axisY + 18, "text-anchor", "middle", "font-size", 11);
        }
        svg.empty("line", "class", "axis", "x1", labelWidth, "y1", axisY, "x2", labelWidth + CHART_WIDTH, "y2", axisY,
                "stroke", "#374151");
        for (int row = 0; row < spans.size(); row++) {
            Timeline.Span span = spans.get(row);
            double top = rowsTop + row * ROW;
            boolean onPath = critical.contains(span.service());
            svg.open("g", "class", onPath ? "span critical" : "span");
            if (onPath) {
                svg.empty("rect", "class", "critical-path", "x", 0, "y", top, "width", width, "height", ROW,
                        "fill", CRITICAL_BAND);
            }
            svg.text("text", span.service(), "class", "name", "x", labelWidth - 8, "y", top + ROW / 2 + 4,
                    "text-anchor", "end", "font-weight", onPath ? "bold" : "normal");
            for (Phase phase : PHASES) {
                bar(svg, span, phase, top, axisEnd, x);
            }
            svg.close("g");
        }
        return svg.end();
    }

    private static void legend(Svg svg, double left) {
        double at = left;
        for (Phase phase : PHASES) {
            at = swatch(svg, at, phase.colour(), phase.label());
        }
        swatch(svg, at, CRITICAL_BAND, "critical path");
    }

    private static double swatch(Svg svg, double at, String colour, String label) {
        svg.empty("rect", "x", at, "y", PAD, "width", 12, "height", 12, "fill", colour, "stroke", "#9ca3af")
                .text("text", label, "x", at + 16, "y", PAD + 10, "font-size", 11);
        return at + 16 + label.length() * 6.5 + 18;
    }

    private static void bar(Svg svg, Timeline.Span span, Phase phase, double top, double axisEnd,
                            Function<Double, Double> x) {
        Duration from = phase.from().apply(span);
        if (from == null) {
            return;
        }
        Duration to = phase.to().apply(span);
        boolean open = to == null;
        if (!open && !to.minus(from).isPositive()) {
            return;         // no start delay, say: nothing to see
        }
        double end = open ? nextMark(span, from).map(TimelineSvg::millis).orElse(axisEnd) : millis(to);
        double begin = millis(from);
        String tip = span.service() + ": " + phase.label() + (open
                ? " since " + Words.millis(begin) + ", not ended"
                : " " + Words.millis(end - begin) + " (" + Words.millis(begin) + " to " + Words.millis(end) + ")");
        svg.open("rect", "class", open ? phase.cssClass() + " open" : phase.cssClass(),
                        "x", x.apply(begin), "y", top + (ROW - BAR) / 2,
                        "width", Math.max(1, x.apply(end) - x.apply(begin)), "height", BAR,
                        "fill", phase.colour(), "fill-opacity", open ? 0.45 : 1)
                .text("title", tip)
                .close("rect");
    }

    /** Returns the earliest mark of the span after {@code after}, if any. */
    private static Optional<Duration> nextMark(Timeline.Span span, Duration after) {
        return marks(span).filter(mark -> mark.compareTo(after) > 0).min(Duration::compareTo);
    }

    private static Stream<Duration> marks(Timeline.Span span) {
        List<Duration> marks = new ArrayList<>(6);
        for (Duration mark : new Duration[] {span.launched(), span.startBegan(), span.started(), span.ready(),
                span.stopBegan(), span.stopped()}) {
            if (mark != null) {
                marks.add(mark);
            }
        }
        return marks.stream();
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1_000_000.0;
    }

    /** Returns a round step (1, 2 or 5 times a power of ten, in ms) that cuts the span into at most eight ticks. */
    static double tickStep(double latestMillis) {
        if (!(latestMillis > 0)) {
            return 1;
        }
        double rough = latestMillis / MOST_TICKS;
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * power >= rough) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    /** Returns how many decimals a tick label needs for a step: none for 1 ms and more. */
    private static int decimals(double step) {
        return (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
    }
}
