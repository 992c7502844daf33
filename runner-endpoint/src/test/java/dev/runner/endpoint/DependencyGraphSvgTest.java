package dev.runner.endpoint;

import static dev.runner.endpoint.Statuses.critical;
import static dev.runner.endpoint.Statuses.failedBefore;
import static dev.runner.endpoint.Statuses.healthy;
import static dev.runner.endpoint.Statuses.in;
import static dev.runner.endpoint.Statuses.runner;
import static dev.runner.endpoint.Statuses.unhealthy;
import static dev.runner.endpoint.SvgDocument.number;
import static dev.runner.endpoint.SvgDocument.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.runner.Option;
import dev.runner.RunPhase;
import dev.runner.Runner;
import dev.runner.RunnerStatus;
import dev.runner.ServiceConfig;
import dev.runner.ServiceState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class DependencyGraphSvgTest {

    private static final RunnerStatus STATUS = runner(RunPhase.RUNNING, true, false, true,
            "db", critical(healthy()),
            "cache", unhealthy("evicting"),
            "api", failedBefore(in(ServiceState.BACKING_OFF), "exited: boom", 2),
            "mailer", in(ServiceState.FAILED));
    private static final Map<String, List<String>> EDGES = Map.of(
            "cache", List.of("db"),
            "api", List.of("db", "cache"),
            "mailer", List.of());

    /** The boxes by service name. */
    private static Map<String, Element> boxes(SvgDocument svg) {
        Map<String, Element> boxes = new HashMap<>();
        for (Element g : svg.all("g", "service")) {
            boxes.put(one(g, "text", "name").getTextContent(), g);
        }
        return boxes;
    }

    private static double top(Element box) {
        return number(one(box, "rect", null), "y");
    }

    @Test
    void dependenciesAreDrawnAboveTheirDependents() throws Exception {
        SvgDocument svg = SvgDocument.parse(DependencyGraphSvg.draw(STATUS, EDGES));
        Map<String, Element> boxes = boxes(svg);

        assertEquals(4, boxes.size());
        assertTrue(top(boxes.get("db")) < top(boxes.get("cache")));
        assertTrue(top(boxes.get("cache")) < top(boxes.get("api")), "api waits for cache, so it is a layer lower");
        assertEquals(top(boxes.get("db")), top(boxes.get("mailer")), "nothing to wait for: first layer");
    }

    @Test
    void eachDependencyIsAnArrowFromTheDependentUpToItsDependency() throws Exception {
        SvgDocument svg = SvgDocument.parse(DependencyGraphSvg.draw(STATUS, EDGES));

        List<Element> arrows = svg.all("line", "dependency");
        List<String> titles = arrows.stream().map(a -> one(a, "title", null).getTextContent()).toList();
        assertEquals(List.of("cache depends on db", "api depends on db", "api depends on cache"), titles);
        for (Element arrow : arrows) {
            assertTrue(number(arrow, "y1") > number(arrow, "y2"), "points up");
            assertTrue(arrow.getAttribute("marker-end").startsWith("url(#"));
        }
    }

    @Test
    void boxesAreColouredByStateAndSayIt() throws Exception {
        SvgDocument svg = SvgDocument.parse(DependencyGraphSvg.draw(STATUS, EDGES));
        Map<String, Element> boxes = boxes(svg);

        assertEquals(4, boxes.values().stream().map(b -> one(b, "rect", null).getAttribute("fill")).distinct().count());
        assertEquals("RUNNING", one(boxes.get("db"), "text", "state").getTextContent());
        assertEquals("RUNNING, unhealthy", one(boxes.get("cache"), "text", "state").getTextContent());
        assertEquals("BACKING_OFF, 2 restarts", one(boxes.get("api"), "text", "state").getTextContent());
        assertEquals("FAILED", one(boxes.get("mailer"), "text", "state").getTextContent());
        assertTrue(number(one(boxes.get("db"), "rect", null), "stroke-width")
                > number(one(boxes.get("cache"), "rect", null), "stroke-width"), "critical: thicker border");
    }

    @Test
    void aCycleAnUnknownDependencyAndANastyNameStillDraw() throws Exception {
        String nasty = "<script>alert(1)</script>";
        RunnerStatus status = runner(RunPhase.IDLE, false, false, true,
                "a", in(ServiceState.NEW), "b", in(ServiceState.NEW), nasty, in(ServiceState.NEW));
        String text = DependencyGraphSvg.draw(status, Map.of("a", List.of("b"), "b", List.of("a"), nasty, List.of("ghost", nasty)));

        SvgDocument svg = SvgDocument.parse(text);

        assertEquals(3, svg.all("g", "service").size());
        assertEquals(2, svg.all("line", "dependency").size(), "a and b point at each other; ghost and self are left out");
        assertTrue(boxes(svg).containsKey(nasty));
        assertFalse(text.contains(nasty));
    }

    @Test
    void aRunnerWithoutServicesIsAnEmptyPicture() throws Exception {
        SvgDocument svg = SvgDocument.parse(DependencyGraphSvg.draw(runner(RunPhase.IDLE, false, false, true), Map.of()));

        assertTrue(svg.all("g", "service").isEmpty());
    }

    @Test
    void theRunnersPictureTakesStatesFromStatusAndEdgesFromConfig() throws Exception {
        Runner runner = mock(Runner.class);
        when(runner.status()).thenReturn(STATUS);
        when(runner.config("db")).thenReturn(Optional.of(ServiceConfig.defaults()));
        when(runner.config("cache")).thenReturn(Optional.of(ServiceConfig.of(Option.dependsOn("db"))));
        when(runner.config("api")).thenReturn(Optional.of(ServiceConfig.of(Option.bindsTo("cache"))));
        when(runner.config("mailer")).thenReturn(Optional.empty());

        SvgDocument svg = SvgDocument.parse(Pictures.dependencyGraphSvg(runner));

        assertEquals(List.of("cache depends on db", "api depends on cache"),
                svg.all("line", "dependency").stream().map(a -> one(a, "title", null).getTextContent()).toList());
        assertEquals("Dependencies of runner app", svg.title());
    }

    @Test
    void aNullRunnerIsRefusedWithAMessage() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Pictures.dependencyGraphSvg(null));
        assertEquals("runner must not be null", e.getMessage());
    }
}
