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
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An HTTP API on the JDK's built-in server. Like many real servers it needs a moment to warm up
 * after it starts listening: its {@code /health} endpoint answers {@code 503 warming up} until
 * then, and {@code 200 ok} after. An HTTP health probe on that endpoint tells the runner when the
 * API is ready for the services that depend on it.
 *
 * <p>Its first run fails once, a while after it is warm, as a server does when it loses its
 * listening socket: it reports the failure through its start {@link Context}, and the runner
 * restarts it (and the services bound to it).
 */
final class HttpApiService implements Service {

    private final String name;
    private final int port;
    private final Duration warmUp;
    private final Duration failAfter;
    private final AtomicBoolean failed = new AtomicBoolean();
    /** The thread that fails the first run; written by {@code start}, read by {@code stop}. */
    private volatile Thread failer;

    /** The running server and its handler threads; written by {@code start}, read by {@code stop}. */
    private volatile HttpServer server;
    private volatile ExecutorService handlers;

    /** When the current run is warm, in {@link System#nanoTime()}; written by {@code start}. */
    private volatile long warmAt;
    /** Whether the current run has printed that it is warm. */
    private final AtomicBoolean saidWarm = new AtomicBoolean();

    /**
     * Creates a service.
     *
     * @param name   its name, unique within the runner
     * @param port   the port it listens on, on the loopback address
     * @param warmUp    how long {@code /health} answers 503 after the server started
     * @param failAfter how long after it is warm its first run fails
     */
    HttpApiService(String name, int port, Duration warmUp, Duration failAfter) {
        this.name = name;
        this.port = port;
        this.warmUp = warmUp;
        this.failAfter = failAfter;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Starts listening; the API warms up in the background.
     *
     * @throws IOException if the port cannot be bound
     */
    @Override
    public void start(Context context) throws IOException {
        Console.print(name, "starting HTTP server on port " + port);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        http.createContext("/health", this::answerHealth);
        handlers = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(handlers);
        warmAt = System.nanoTime() + warmUp.toNanos();
        saidWarm.set(false);
        http.start();
        server = http;
        if (failed.compareAndSet(false, true)) {
            failer = Thread.ofVirtual().name(name + "-failer").start(() -> failLater(context));
        }
        Console.print(name, "listening; /health answers 503 while it warms up (" + warmUp.toMillis() + " ms)");
    }

    private void answerHealth(HttpExchange exchange) throws IOException {
        boolean warm = System.nanoTime() - warmAt >= 0;
        if (!warm) {
            Console.print(name, "GET /health -> 503 warming up");
        } else if (saidWarm.compareAndSet(false, true)) {
            Console.print(name, "GET /health -> 200 ok: warmed up");
        }
        byte[] body = (warm ? "ok" : "warming up").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(warm ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void failLater(Context context) {
        try {
            Thread.sleep(warmUp.plus(failAfter));
        } catch (InterruptedException stopped) {
            return; // stopped before the failure: nothing to report
        }
        Console.print(name, "FAILED: lost its listening socket");
        context.exited(new IOException("lost its listening socket"));
    }

    /**
     * Stops listening, lets requests in progress finish for up to a second, then ends.
     *
     * @throws InterruptedException if the stop overruns its timeout
     */
    @Override
    public void stop(Context context) throws InterruptedException {
        Console.print(name, "stopping HTTP server");
        Thread thread = failer;
        if (thread != null) {
            thread.interrupt();
            thread.join();
            failer = null;
        }
        server.stop(1);
        handlers.close();
        Console.print(name, "stopped");
    }
}
