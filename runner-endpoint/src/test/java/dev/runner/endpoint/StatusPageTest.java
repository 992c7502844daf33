package dev.runner.endpoint;

import static dev.runner.endpoint.Statuses.critical;
import static dev.runner.endpoint.Statuses.failedBefore;
import static dev.runner.endpoint.Statuses.healthy;
import static dev.runner.endpoint.Statuses.in;
import static dev.runner.endpoint.Statuses.notGatingReadiness;
import static dev.runner.endpoint.Statuses.runner;
import static dev.runner.endpoint.Statuses.unhealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.RunPhase;
import dev.runner.RunnerStatus;
import dev.runner.ServiceState;
import dev.runner.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class StatusPageTest {

    private static final String NASTY = "<script>alert('owned')</script>";

    private static final RunnerStatus STATUS = runner(RunPhase.RUNNING, true, false, true,
            "db", critical(healthy()),
            "api", failedBefore(unhealthy("HTTP 503 <from upstream>"), "exited: " + NASTY, 3),
            NASTY, notGatingReadiness(in(ServiceState.STOPPED)));

    private static Document page(boolean showDetails) {
        String graph = DependencyGraphSvg.draw(STATUS, Map.of("api", List.of("db")));
        String timeline = Pictures.timelineSvg(new Timeline(Instant.now(), List.of(
                new Timeline.Span("db", List.of(), Duration.ZERO, Duration.ZERO, Duration.ofMillis(3), Duration.ofMillis(4), null, null)),
                List.of("db")));
        return Jsoup.parse(StatusPage.render(STATUS, graph, timeline, showDetails));
    }

    private static List<String> row(Document page, int index) {
        return page.select("table.services tbody tr").get(index).select("td").stream().map(Element::text).toList();
    }

    @Test
    void thePageRefreshesItselfAndNamesTheRunner() {
        Document page = page(false);

        assertEquals(String.valueOf(StatusPage.REFRESH_SECONDS), page.selectFirst("meta[http-equiv=refresh]").attr("content"));
        assertEquals("Runner app", page.title());
        assertEquals("RUNNING", page.selectFirst(".phase").text());
        assertEquals("no", page.selectFirst("b.ready").text());
        assertEquals("yes", page.selectFirst("b.live").text());
    }

    @Test
    void theTableHasOneRowPerServiceWithStateHealthRestartsFailureAndUpSince() {
        Document page = page(true);

        assertEquals(List.of("service", "state", "health", "restarts", "last failure", "up since"),
                page.select("table.services th").eachText());
        assertEquals(3, page.select("table.services tbody tr").size());
        assertEquals(List.of("db (critical)", "RUNNING", "healthy", "0", "", "2025-01-02T03:04:05Z"), row(page, 0));
        assertEquals(List.of("api", "RUNNING", "unhealthy: HTTP 503 <from upstream>", "3", "exited: " + NASTY,
                "2025-01-02T03:04:05Z"), row(page, 1));
        assertEquals(List.of(NASTY + " (not gating readiness)", "STOPPED", "", "0", "", ""), row(page, 2));
    }

    @Test
    void detailsAreHiddenUnlessAskedFor() {
        Document page = page(false);

        assertEquals("unhealthy", row(page, 1).get(2));
        assertEquals("(hidden: showDetails is off)", row(page, 1).get(4));
        assertFalse(page.html().contains("HTTP 503"));
    }

    @Test
    void theDependencyGraphAndTheTimelineAreInlineSvg() {
        Document page = page(false);

        List<Element> pictures = page.select("svg");
        assertEquals(2, pictures.size());
        assertEquals(3, pictures.get(0).select("g.service").size());
        assertEquals(1, pictures.get(0).select("line.dependency").size());
        assertEquals(1, pictures.get(1).select("g.span").size());
    }

    @Test
    void textFromAServiceIsEscapedEverywhere() {
        Document page = page(true);

        assertTrue(page.select("script").isEmpty(), "a service's name never becomes a script");
        assertEquals(NASTY + " (not gating readiness)", row(page, 2).get(0));
        assertTrue(page.select("svg g.service text.name").eachText().contains(NASTY));
    }

    @Test
    void nothingIsLoadedFromElsewhere() {
        Document page = page(true);

        assertTrue(page.select("[src], link, script, iframe, object, embed, img").isEmpty());
        for (Element link : page.select("a[href]")) {
            assertTrue(link.attr("href").startsWith("/"), link.attr("href"));
        }
        assertFalse(page.select("style").html().contains("url("), "no fonts or images from elsewhere");
    }
}
