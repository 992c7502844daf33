package dev.runner.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runner.Context;
import dev.runner.Service;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP API on the JDK's built-in server, with a {@code /health} endpoint that answers
 * {@code 200 ok}: the endpoint an HTTP health probe checks.
 */
final class HttpApiService implements Service {

    private final String name;
    private final int port;

    /** The running server and its handler threads; written by {@code start}, read by {@code stop}. */
    private volatile HttpServer server;
    private volatile ExecutorService handlers;

    /**
     * Creates a service.
     *
     * @param name its name, unique within the runner
     * @param port the port it listens on, on the loopback address
     */
    HttpApiService(String name, int port) {
        this.name = name;
        this.port = port;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Starts listening.
     *
     * @throws IOException if the port cannot be bound
     */
    @Override
    public void start(Context context) throws IOException {
        Timeline.print(name, "starting HTTP server on port " + port);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        http.createContext("/health", HttpApiService::answerHealth);
        handlers = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(handlers);
        http.start();
        server = http;
        Timeline.print(name, "up: GET http://127.0.0.1:" + port + "/health");
    }

    private static void answerHealth(HttpExchange exchange) throws IOException {
        byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops listening, lets requests in progress finish for up to a second, then ends. */
    @Override
    public void stop(Context context) {
        Timeline.print(name, "stopping HTTP server");
        server.stop(1);
        handlers.close();
        Timeline.print(name, "stopped");
    }
}
