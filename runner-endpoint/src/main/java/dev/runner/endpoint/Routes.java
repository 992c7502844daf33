package dev.runner.endpoint;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.runner.Runner;
import dev.runner.RunnerStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers every request to a {@link HealthEndpoint}: the health routes, the status page, the
 * status as JSON and the two pictures, by exact path; 404 for another path, 405 (with
 * {@code Allow: GET, HEAD}) for another method on a known path, 500 when the runner could not be
 * read (the cause goes to the log, not to the client).
 *
 * <p>Invariant: a request reads only {@link Runner#status()}, {@link Runner#timeline()} and
 * {@link Runner#config}, which never run a check or wait for a service, so no request blocks on a
 * service. Responses are never cached ({@code Cache-Control: no-store}).
 */
final class Routes implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(HealthEndpoint.class.getName());

    static final String JSON = "application/json";
    static final String HTML = "text/html; charset=utf-8";
    static final String SVG = "image/svg+xml";
    static final String TEXT = "text/plain; charset=utf-8";

    /**
     * What to send back.
     *
     * @param status      the HTTP status code
     * @param contentType the {@code Content-Type}
     * @param body        the body, sent as UTF-8 (and not at all for HEAD)
     */
    record Response(int status, String contentType, String body) {
    }

    private final Runner runner;
    private final boolean showDetails;
    private final Map<String, Supplier<Response>> routes = new LinkedHashMap<>();

    Routes(Runner runner, boolean showDetails) {
        this.runner = runner;
        this.showDetails = showDetails;
        for (HealthKind kind : HealthKind.values()) {
            routes.put(kind.path(), () -> health(kind));
        }
        routes.put("/runner", this::page);
        routes.put("/runner/status", () -> new Response(200, JSON, StatusJson.write(runner.status(), showDetails)));
        routes.put("/runner/timeline.svg", () -> new Response(200, SVG, Pictures.timelineSvg(runner.timeline())));
        routes.put("/runner/graph.svg", () -> new Response(200, SVG, Pictures.dependencyGraphSvg(runner)));
    }

    /**
     * Answers a request; never throws.
     *
     * @param method the request method
     * @param path   the request URI's decoded path
     */
    Response respond(String method, String path) {
        Supplier<Response> route = routes.get(path);
        if (route == null) {
            return new Response(404, TEXT, "not found: " + path + "\nroutes: " + String.join(", ", routes.keySet()) + "\n");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return new Response(405, TEXT, "method " + method + " not allowed on " + path + ": use GET or HEAD\n");
        }
        try {
            return route.get();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "runner " + runner.name() + ": could not answer " + path, e);
            return new Response(500, TEXT, "could not read the runner's status; the application's log says why\n");
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Response response = respond(method, exchange.getRequestURI().getPath());
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", response.contentType());
            headers.set("Cache-Control", "no-store");
            headers.set("X-Content-Type-Options", "nosniff");
            if (response.status() == 405) {
                headers.set("Allow", "GET, HEAD");
            }
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(response.status(), -1);
                return;
            }
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private Response health(HealthKind kind) {
        HealthReport report = HealthReport.of(kind, runner.status());
        return new Response(report.up() ? 200 : 503, JSON, report.toJson(showDetails));
    }

    private Response page() {
        RunnerStatus status = runner.status();
        String graph = DependencyGraphSvg.draw(status, Pictures.dependencies(runner, status));
        return new Response(200, HTML, StatusPage.render(status, graph, Pictures.timelineSvg(runner.timeline()), showDetails));
    }
}
