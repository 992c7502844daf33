package dev.runner.endpoint;

import static dev.runner.endpoint.Markup.escape;

import dev.runner.RunnerStatus;
import dev.runner.ServiceState;
import dev.runner.ServiceStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The HTML status page of {@code /runner}: the runner's phase and flags, a table of its services
 * (state, health, restarts, last failure, up since), then the dependency graph and the start
 * timeline as inline SVG.
 *
 * <p>It reads without JavaScript and reloads itself every {@value #REFRESH_SECONDS} seconds with a
 * {@code <meta http-equiv="refresh">}. Its style sheet is inline and its only links point to this
 * endpoint's own routes, so it loads no external resource. Every text from a service is escaped.
 */
final class StatusPage {

    /** How often the page reloads itself. */
    static final int REFRESH_SECONDS = 2;

    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 1.5em; color: #111827; }
            table { border-collapse: collapse; margin-bottom: 1.5em; }
            th, td { border: 1px solid #d1d5db; padding: .3em .6em; text-align: left; vertical-align: top; }
            th { background: #f3f4f6; }
            td.restarts { text-align: right; }
            .flags span { margin-right: 1.2em; }
            .up { color: #166534; font-weight: bold; }
            .down { color: #991b1b; font-weight: bold; }
            svg { max-width: 100%; height: auto; display: block; margin-bottom: 1.5em; }
            """;

    private StatusPage() {
    }

    /**
     * Writes the page.
     *
     * @param status      what supervision last saw
     * @param graphSvg    the dependency graph, from {@link Pictures}
     * @param timelineSvg the start timeline, from {@link Pictures}
     * @param showDetails whether health details and failure messages are shown
     */
    static String render(RunnerStatus status, String graphSvg, String timelineSvg, boolean showDetails) {
        StringBuilder html = new StringBuilder(8192);
        String runner = escape(status.runner());
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">\n")
                .append("<title>Runner ").append(runner).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>Runner ").append(runner).append("</h1>\n")
                .append("<p class=\"flags\"><span>phase: <b class=\"phase\">").append(status.phase()).append("</b></span>")
                .append(flag("started", status.started()))
                .append(flag("ready", status.ready()))
                .append(flag("live", status.live()))
                .append("</p>\n");
        services(html, status, showDetails);
        html.append("<h2>Dependencies</h2>\n").append(graphSvg).append('\n')
                .append("<h2>Start timeline</h2>\n").append(timelineSvg).append('\n')
                .append("<p>As JSON: <a href=\"/runner/status\">/runner/status</a>; health: ")
                .append("<a href=\"/health\">/health</a>; pictures: <a href=\"/runner/graph.svg\">graph</a>, ")
                .append("<a href=\"/runner/timeline.svg\">timeline</a>.</p>\n")
                .append("</body>\n</html>\n");
        return html.toString();
    }

    private static String flag(String name, boolean up) {
        return "<span>" + name + ": <b class=\"" + name + (up ? " up\">yes" : " down\">no") + "</b></span>";
    }

    private static void services(StringBuilder html, RunnerStatus status, boolean showDetails) {
        html.append("<table class=\"services\">\n<thead><tr><th>service</th><th>state</th><th>health</th>")
                .append("<th>restarts</th><th>last failure</th><th>up since</th></tr></thead>\n<tbody>\n");
        for (Map.Entry<String, ServiceStatus> entry : status.services().entrySet()) {
            ServiceStatus service = entry.getValue();
            html.append("<tr>")
                    .append(cell("service", entry.getKey() + (service.critical() ? " (critical)" : "")
                            + (service.readiness() ? "" : " (not gating readiness)")))
                    .append("<td class=\"state\" style=\"background:").append(StateColour.of(service)).append("\">")
                    .append(escape(service.state().name())).append("</td>")
                    .append(cell("health", health(service, showDetails)))
                    .append(cell("restarts", Integer.toString(service.restarts())))
                    .append(cell("last-failure", failure(service, showDetails)))
                    .append(cell("up-since", service.upSince() == null ? "" : time(service.upSince())))
                    .append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static String cell(String cssClass, String text) {
        return "<td class=\"" + cssClass + "\">" + escape(text) + "</td>";
    }

    private static String health(ServiceStatus service, boolean showDetails) {
        if (service.healthy()) {
            return "healthy";
        }
        if (service.state() != ServiceState.RUNNING) {
            return "";     // the state says it: not running, so not checked
        }
        if (service.lastCheck() == null) {
            return "not checked yet";
        }
        return showDetails && service.detail() != null ? "unhealthy: " + service.detail() : "unhealthy";
    }

    private static String failure(ServiceStatus service, boolean showDetails) {
        if (service.lastFailure() == null) {
            return "";
        }
        return showDetails ? service.lastFailure() : "(hidden: showDetails is off)";
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
