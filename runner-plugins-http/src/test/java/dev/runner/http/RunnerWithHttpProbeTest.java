package dev.runner.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.runner.Context;
import dev.runner.Option;
import dev.runner.Runner;
import dev.runner.Service;
import dev.runner.ServiceHealth;
import dev.runner.ServiceState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code Option.probe("http://...")} inside a runner: a dependent waits while the endpoint answers
 * 503 and starts once it answers 200; the runner's health names the probe without its token.
 */
class RunnerWithHttpProbeTest {

    /** A service that only counts its starts; its probe decides its health. */
    private record Counting(String name, AtomicInteger starts) implements Service {
        @Override
        public void start(Context context) {
            starts.incrementAndGet();
        }

        @Override
        public void stop(Context context) {
        }
    }

    @Test
    void dependentWaitsUntilTheEndpointAnswersAnExpectedStatus() throws Exception {
        AtomicInteger status = new AtomicInteger(503);
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/health", exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                exchange.sendResponseHeaders(status.get(), -1);
            }
        });
        server.start();
        Counting gateway = new Counting("gateway", new AtomicInteger());
        Counting api = new Counting("api", new AtomicInteger());
        Runner runner = Runner.create("http-probe-test");
        runner.add(gateway,
                Option.probe("http://127.0.0.1:" + server.getAddress().getPort() + "/health?token=s3cret-t0ken"),
                Option.startupGrace(Duration.ofSeconds(60)),
                Option.healthCheck(Duration.ofMillis(100), Duration.ofSeconds(2)));
        runner.add(api, Option.dependsOn("gateway"));
        CompletableFuture<Void> started = CompletableFuture.runAsync(runner::start,
                Executors.newVirtualThreadPerTaskExecutor());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> requests.get() >= 3);
            ServiceHealth waiting = runner.healthStatus().services().get("gateway");
            assertEquals(0, api.starts().get());
            assertEquals(ServiceState.WAITING, runner.healthStatus().services().get("api").state());
            assertFalse(waiting.healthy());
            assertTrue(waiting.error().contains("HTTP 503"), waiting.error());
            assertTrue(waiting.error().contains("token=***"), waiting.error());
            assertFalse(waiting.error().contains("s3cret-t0ken"), waiting.error());

            status.set(200);
            started.get(30, TimeUnit.SECONDS);

            assertEquals(1, api.starts().get());
            assertTrue(runner.healthStatus().healthy());
        } finally {
            runner.stop(Duration.ofSeconds(30));
            server.stop(0);
        }
    }
}
