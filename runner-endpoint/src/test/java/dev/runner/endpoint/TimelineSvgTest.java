package dev.runner.endpoint;

import static dev.runner.endpoint.SvgDocument.number;
import static dev.runner.endpoint.SvgDocument.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class TimelineSvgTest {

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    private static final Timeline RUN = new Timeline(Instant.parse("2025-01-02T03:04:05Z"), List.of(
            new Timeline.Span("db", List.of(), ms(0), ms(10), ms(30), ms(50), ms(160), ms(180)),
            new Timeline.Span("cache", List.of(), ms(0), ms(0), ms(5), ms(6), ms(150), ms(151)),
            new Timeline.Span("api", List.of("db", "cache"), ms(50), ms(50), ms(90), ms(100), ms(100), ms(150))),
            List.of("api", "db"));

    @Test
    void itIsAStandaloneSvgWithOneRowPerServiceInOrder() throws Exception {
        SvgDocument svg = SvgDocument.parse(Pictures.timelineSvg(RUN));

        List<String> rows = svg.all("g", "span").stream().map(g -> one(g, "text", "name").getTextContent()).toList();
        assertEquals(List.of("db", "cache", "api"), rows);
        assertTrue(svg.title().contains("critical path: api \u2192 db"), svg.title());
    }

    @Test
    void eachPhaseIsABarOfItsOwnColourAndLength() throws Exception {
        SvgDocument svg = SvgDocument.parse(Pictures.timelineSvg(RUN));
        Element db = svg.all("g", "span").get(0);

        Element waiting = one(db, "rect", "waiting");
        Element starting = one(db, "rect", "starting");
        Element ready = one(db, "rect", "becoming-ready");
        Element stopping = one(db, "rect", "stopping");
        assertEquals(4, List.of(waiting, starting, ready, stopping).stream().map(r -> r.getAttribute("fill")).distinct().count());
        double perMs = number(starting, "width") / 20;   // starting: 10 ms to 30 ms
        assertEquals(10 * perMs, number(waiting, "width"), 0.05);
        assertEquals(20 * perMs, number(ready, "width"), 0.05);
        assertEquals(20 * perMs, number(stopping, "width"), 0.05);
        assertEquals(number(waiting, "x") + number(waiting, "width"), number(starting, "x"), 0.05);
        assertEquals(number(starting, "x") + 150 * perMs, number(stopping, "x"), 0.05);
        assertTrue(one(starting, "title", null).getTextContent().contains("db: starting 20 ms"));
    }

    @Test
    void aPhaseOfNoLengthHasNoBar() throws Exception {
        SvgDocument svg = SvgDocument.parse(Pictures.timelineSvg(RUN));
        Element cache = svg.all("g", "span").get(1);

        assertTrue(SvgDocument.all(cache, "rect", "waiting").isEmpty(), "cache had no start delay");
        assertEquals(1, SvgDocument.all(cache, "rect", "starting").size());
    }

    @Test
    void theServicesOfTheCriticalPathAreMarked() throws Exception {
        SvgDocument svg = SvgDocument.parse(Pictures.timelineSvg(RUN));

        List<String> marked = svg.all("g", "critical").stream().map(g -> one(g, "text", "name").getTextContent()).toList();
        assertEquals(List.of("db", "api"), marked);
        assertEquals(2, svg.all("rect", "critical-path").size());
        assertEquals("bold", one(svg.all("g", "critical").get(0), "text", "name").getAttribute("font-weight"));
    }

    @Test
    void theAxisIsInMillisecondsAndReachesTheLatestMark() throws Exception {
        SvgDocument svg = SvgDocument.parse(Pictures.timelineSvg(RUN));

        List<String> ticks = svg.all("text", "tick").stream().map(Element::getTextContent).toList();
        assertEquals(List.of("0 ms", "50 ms", "100 ms", "150 ms", "200 ms"), ticks, "the latest mark is at 180 ms");
    }

    @Test
    void aPhaseUnderWayIsFadedAndEndsAtTheNextMarkOrTheAxisEnd() throws Exception {
        Timeline starting = new Timeline(Instant.now(), List.of(
                new Timeline.Span("db", List.of(), ms(0), ms(0), ms(40), ms(60), null, null),
                new Timeline.Span("api", List.of("db"), ms(60), ms(70), null, null, null, null),
                new Timeline.Span("worker", List.of(), ms(0), ms(0), ms(10), null, ms(30), ms(35))),
                List.of());
        SvgDocument svg = SvgDocument.parse(Pictures.timelineSvg(starting));
        Element db = svg.all("g", "span").get(0);
        Element api = svg.all("g", "span").get(1);
        Element worker = svg.all("g", "span").get(2);

        Element open = one(api, "rect", "open");
        assertTrue(open.getAttribute("class").contains("starting"));
        assertTrue(number(open, "fill-opacity") < 1);
        Element axis = svg.all("line", "axis").get(0);
        assertEquals(number(axis, "x2"), number(open, "x") + number(open, "width"), 0.05, "to the end of the axis");
        Element neverReady = one(worker, "rect", "becoming-ready");
        assertTrue(neverReady.getAttribute("class").contains("open"));
        assertEquals(number(one(worker, "rect", "stopping"), "x"), number(neverReady, "x") + number(neverReady, "width"), 0.05,
                "to its stop");
        assertFalse(one(db, "rect", "starting").getAttribute("class").contains("open"));
        assertTrue(svg.all("g", "critical").isEmpty(), "no critical path while starting");
    }

    @Test
    void namesAreEscapedText() throws Exception {
        String nasty = "<script>alert('x')</script> & \"q\" \u0007";
        Timeline timeline = new Timeline(Instant.now(), List.of(
                new Timeline.Span(nasty, List.of(), ms(0), ms(0), ms(1), ms(2), null, null)), List.of(nasty));

        String text = Pictures.timelineSvg(timeline);
        SvgDocument svg = SvgDocument.parse(text);

        assertEquals("<script>alert('x')</script> & \"q\" \uFFFD", one(svg.root(), "text", "name").getTextContent());
        assertFalse(text.contains("<script>"));
    }

    @Test
    void aTimelineWithoutMarksStillDraws() throws Exception {
        Timeline idle = new Timeline(Instant.now(), List.of(
                new Timeline.Span("db", List.of(), null, null, null, null, null, null)), List.of());

        SvgDocument svg = SvgDocument.parse(Pictures.timelineSvg(idle));

        assertEquals(1, svg.all("g", "span").size());
        assertEquals(0, svg.all("g", "span").get(0).getElementsByTagNameNS(Svg.NAMESPACE, "rect").getLength());
        SvgDocument.parse(Pictures.timelineSvg(new Timeline(Instant.now(), List.of(), List.of())));
    }

    @Test
    void tickStepsAreRoundAndAtMostEightToTheLatestMark() {
        assertEquals(20, TimelineSvg.tickStep(120));
        assertEquals(50, TimelineSvg.tickStep(400));
        assertEquals(100, TimelineSvg.tickStep(401));
        assertEquals(0.01, TimelineSvg.tickStep(0.05), 1e-12);
        assertEquals(1, TimelineSvg.tickStep(0));
    }

    @Test
    void aNullTimelineIsRefusedWithAMessage() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Pictures.timelineSvg(null));
        assertEquals("timeline must not be null", e.getMessage());
    }
}
