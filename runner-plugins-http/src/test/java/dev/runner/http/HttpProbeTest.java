package dev.runner.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.runner.Health;
import dev.runner.HealthProbe;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP probe against the JDK's HttpServer on 127.0.0.1 and an ephemeral port. */
class HttpProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Generous: the check must return; how fast is not asserted. */
    private static final Duration RETURNS_WITHIN = TIMEOUT.plusSeconds(10);
    private static final String TOKEN = "t0ken-ABCDEFGH-12345";

    private HttpServer server;
    private final AtomicInteger missingCalls = new AtomicInteger();
    private final Map<String, String> received = new ConcurrentHashMap<>();
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private final CountDownLatch endlessClientGone = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/ok", exchange -> respond(exchange, 200, "fine"));
        server.createContext("/no-content", exchange -> respond(exchange, 204, null));
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/missing");
            respond(exchange, 302, null);
        });
        server.createContext("/redirect-to-ok", exchange -> {
            exchange.getResponseHeaders().add("Location", "/ok");
            respond(exchange, 302, null);
        });
        server.createContext("/missing", exchange -> {
            missingCalls.incrementAndGet();
            respond(exchange, 404, "no such page");
        });
        server.createContext("/unavailable", exchange -> respond(exchange, 503, "database down\nretry later"));
        server.createContext("/slow", exchange -> {
            try {
                releaseSlow.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "late");
        });
        server.createContext("/endless", endless(200));
        server.createContext("/endless-error", endless(500));
        server.createContext("/echo", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            received.put("authorization", String.valueOf(authorization));
            received.put("query", String.valueOf(exchange.getRequestURI().getRawQuery()));
            respond(exchange, 401, "rejected credentials: Authorization=" + authorization
                    + " token " + TOKEN + " query " + exchange.getRequestURI().getRawQuery());
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        releaseSlow.countDown();
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static Health check(HealthProbe probe) {
        return assertTimeoutPreemptively(RETURNS_WITHIN, () -> probe.check(TIMEOUT));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    /** A chunked body that never ends, until the client goes away. */
    private HttpHandler endless(int status) {
        return exchange -> {
            byte[] chunk = new byte[8192];
            Arrays.fill(chunk, (byte) 'x');
            exchange.sendResponseHeaders(status, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                for (int i = 0; i < 1_000_000; i++) {
                    body.write(chunk);
                    body.flush();
                }
            } catch (IOException e) {
                endlessClientGone.countDown();
            } finally {
                exchange.close();
            }
        };
    }

    @Test
    void status200IsHealthy() {
        Health health = check(HttpProbe.of(url("/ok")));

        assertTrue(health.healthy(), health.detail());
        assertEquals("HTTP 200", health.detail());
    }

    @Test
    void status204IsHealthy() {
        Health health = check(HttpProbe.of(url("/no-content")));

        assertTrue(health.healthy(), health.detail());
        assertEquals("HTTP 204", health.detail());
    }

    @Test
    void redirectIsNotFollowedAndCountsAsHealthyByDefault() {
        Health health = check(HttpProbe.of(url("/redirect")));

        assertTrue(health.healthy(), health.detail());
        assertEquals("HTTP 302", health.detail());
        assertEquals(0, missingCalls.get(), "the redirect target was never asked");
    }

    @Test
    void redirectIsUnhealthyWhenOnly200IsExpected() {
        Health health = check(HttpProbe.builder(url("/redirect")).expectStatus(200).build());

        assertFalse(health.healthy());
        assertEquals("HTTP 302 (expected 200)", health.detail());
        assertEquals(0, missingCalls.get());
    }

    @Test
    void redirectIsFollowedWhenTheBuilderSaysSo() {
        Health health = check(HttpProbe.builder(url("/redirect-to-ok")).expectStatus(200).followRedirects(true).build());

        assertTrue(health.healthy(), health.detail());
    }

    @Test
    void status404IsUnhealthyWithTheStartOfTheBody() {
        Health health = check(HttpProbe.of(url("/missing")));

        assertFalse(health.healthy());
        assertEquals("HTTP 404 (expected 200-399): no such page", health.detail());
    }

    @Test
    void status503IsUnhealthyAndTheBodyShowsOnOneLine() {
        Health health = check(HttpProbe.of(url("/unavailable")));

        assertFalse(health.healthy());
        assertEquals("HTTP 503 (expected 200-399): database down retry later", health.detail());
    }

    @Test
    void expectedStatusesCanIncludeAnError() {
        HttpProbe probe = HttpProbe.builder(url("/unavailable")).expectStatusRange(200, 299).expectStatus(503).build();

        assertTrue(check(probe).healthy());
        assertTrue(probe.toString().contains("expect 200-299, 503"), probe.toString());
    }

    @Test
    void handlerSlowerThanTheTimeoutIsCutAtTheTimeout() {
        Health health = check(HttpProbe.of(url("/slow")));

        assertFalse(health.healthy());
        assertEquals("no response within 1000 ms", health.detail());
    }

    @Test
    void builderTimeoutBoundsTheCheckWhenTheCallerAllowsMore() {
        HttpProbe probe = HttpProbe.builder(url("/slow")).timeout(Duration.ofMillis(500)).build();

        Health health = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> probe.check(Duration.ofSeconds(60)));

        assertFalse(health.healthy());
        assertEquals("no response within 500 ms", health.detail());
    }

    @Test
    void refusedConnectionIsUnhealthy() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/health";

        Health health = check(HttpProbe.of(url));

        assertFalse(health.healthy());
        assertTrue(health.detail().startsWith("cannot connect to 127.0.0.1:" + closedPort + " (ConnectException"), health.detail());
    }

    @Test
    void endlessBodyIsReadOnlyUpToTheLimitAndTheExchangeEnds() throws InterruptedException {
        Health ok = check(HttpProbe.of(url("/endless")));
        Health error = check(HttpProbe.of(url("/endless-error")));

        assertTrue(ok.healthy(), ok.detail());
        assertFalse(error.healthy());
        String prefix = "HTTP 500 (expected 200-399): ";
        assertEquals(prefix + "x".repeat(200) + "…", error.detail());
        assertTrue(endlessClientGone.await(10, TimeUnit.SECONDS), "the server saw the probe stop reading");
    }

    @Test
    void authorizationHeaderIsSentAndNeverShown() {
        HttpProbe probe = HttpProbe.builder(url("/echo")).header("Authorization", "Bearer " + TOKEN).build();

        Health health = check(probe);

        assertEquals("Bearer " + TOKEN, received.get("authorization"));
        assertFalse(health.healthy());
        assertTrue(health.detail().startsWith("HTTP 401 (expected 200-399): rejected credentials"), health.detail());
        for (String shown : new String[] {health.detail(), probe.name(), probe.toString()}) {
            assertFalse(shown.contains(TOKEN), shown);
        }
        assertTrue(probe.toString().contains("Authorization: ***"), probe.toString());
    }

    @Test
    void userInfoIsSentAsBasicAuthenticationAndMasked() {
        String password = "pa55-W0rd-secret";
        String withUserInfo = "http://alice:" + password + "@127.0.0.1:" + server.getAddress().getPort() + "/echo";
        HttpProbe probe = HttpProbe.of(withUserInfo);

        Health health = check(probe);

        String basic = Base64.getEncoder().encodeToString(("alice:" + password).getBytes(StandardCharsets.UTF_8));
        assertEquals("Basic " + basic, received.get("authorization"));
        assertEquals("http://alice:***@127.0.0.1:" + server.getAddress().getPort() + "/echo", probe.name());
        for (String shown : new String[] {health.detail(), probe.name(), probe.toString()}) {
            assertFalse(shown.contains(password), shown);
            assertFalse(shown.contains(basic), shown);
        }
    }

    @Test
    void tokenQueryParameterIsSentAndMasked() {
        HealthProbe probe = HealthProbe.of(url("/echo?token=" + TOKEN + "&verbose=1"));

        Health health = check(probe);

        assertEquals("token=" + TOKEN + "&verbose=1", received.get("query"));
        assertEquals(url("/echo?token=***&verbose=1"), probe.name());
        assertFalse(health.detail().contains(TOKEN), health.detail());
    }

    @Test
    void probeUriFindsThePluginThroughServiceLoader() {
        HealthProbe probe = HealthProbe.of(url("/ok"));

        assertTrue(probe instanceof HttpProbe, probe.getClass().getName());
        assertTrue(check(probe).healthy());
    }

    @Test
    void unknownSchemeNamesTheSchemeAndListsTheInstalledOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HealthProbe.of("ftp://user:s3cret@host/x"));

        assertTrue(e.getMessage().contains("\"ftp\""), e.getMessage());
        assertTrue(e.getMessage().contains("installed schemes: http, https"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void builderRejectsBadValuesWithoutShowingSecrets() throws InterruptedException {
        assertThrows(IllegalArgumentException.class, () -> HttpProbe.builder(url("/ok")).expectStatus(99));
        assertThrows(IllegalArgumentException.class, () -> HttpProbe.builder(url("/ok")).expectStatusRange(300, 200));
        assertThrows(IllegalArgumentException.class, () -> HttpProbe.builder(url("/ok")).timeout(Duration.ZERO));
        assertFalse(HttpProbe.of(url("/ok")).check(Duration.ZERO).healthy(), "no time left is unhealthy, not a throw");
        IllegalArgumentException host = assertThrows(IllegalArgumentException.class,
                () -> HttpProbe.builder(url("/ok")).header("Host", "example.org"));
        assertTrue(host.getMessage().contains("\"Host\""), host.getMessage());
        IllegalArgumentException badValue = assertThrows(IllegalArgumentException.class,
                () -> HttpProbe.builder(url("/ok")).header("Authorization", "Bearer " + TOKEN + "\r\nX: y"));
        assertFalse(badValue.getMessage().contains(TOKEN), badValue.getMessage());
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
                () -> HttpProbe.of("ftp://u:s3cret-pw@host/x"));
        assertFalse(scheme.getMessage().contains("s3cret-pw"), scheme.getMessage());
    }
}
