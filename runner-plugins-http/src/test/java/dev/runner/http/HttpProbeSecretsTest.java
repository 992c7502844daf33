package dev.runner.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runner.Health;
import dev.runner.HealthProbe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the HTTP probe emits never holds a password or token it knows, against the JDK's
 * HttpServer and real sockets: a server that echoes what it was sent, a refused port, a host that
 * does not resolve.
 */
class HttpProbeSecretsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Generous: the check must return; how fast is not asserted. */
    private static final Duration RETURNS_WITHIN = TIMEOUT.plusSeconds(10);

    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        // Says back, as some servers do, who called, with what, and for which URL.
        server.createContext("/echo", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String credentials = authorization == null ? "none" : new String(
                    Base64.getDecoder().decode(authorization.substring("Basic ".length())), StandardCharsets.UTF_8);
            String token = exchange.getRequestURI().getQuery().replaceFirst("^token=", "");
            respond(exchange, 403, "refused " + credentials + " with token " + token
                    + " for " + exchange.getRequestURI());
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url(String userInfo, String pathAndQuery) {
        return "http://" + userInfo + "127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    private static Health check(HealthProbe probe) {
        return assertTimeoutPreemptively(RETURNS_WITHIN, () -> probe.check(TIMEOUT));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Test
    void shortPasswordAndTokenThatTheServerEchoesAreMaskedWhereTheyStandAlone() {
        HealthProbe probe = HealthProbe.of(url("alice:pw@", "/echo?token=xy"));

        Health health = check(probe);

        assertFalse(health.healthy());
        assertEquals("HTTP 403 (expected 200-399): refused alice:*** with token *** for /echo?token=***",
                health.detail());
        assertEquals(url("alice:***@", "/echo?token=***"), probe.name());
    }

    @Test
    void non2xxDetailShowsNoSecretWhereTheServerEchoesTheUrlOrTheDecodedToken() {
        String password = "S3cret-pa55";
        String token = "T0k+en%2Fsecret"; // the server reads it as "T0k+en/secret"
        HealthProbe probe = HealthProbe.of(url("alice:" + password + "@", "/echo?token=" + token));

        Health health = check(probe);

        assertFalse(health.healthy());
        assertTrue(health.detail().startsWith("HTTP 403 (expected 200-399): refused alice:*** with token *** for /echo"),
                health.detail());
        for (String shown : new String[] {health.detail(), probe.name(), probe.toString()}) {
            for (String secret : new String[] {password, token, "T0k+en/secret", "T0k en/secret"}) {
                assertFalse(shown.contains(secret), shown);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"refused", "unknown host"})
    void refusedConnectionAndUnknownHostNameTheHostButNoSecret(String failure) throws IOException {
        String host;
        int port;
        if (failure.equals("refused")) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                host = "127.0.0.1";
                port = socket.getLocalPort();
            }
        } else {
            host = "no-such-host.invalid";
            port = 8080;
        }
        String password = "S3cret-pa55";
        String token = "T0ken-value-123";
        HttpProbe probe = HttpProbe.builder("http://alice:" + password + "@" + host + ":" + port
                        + "/health?token=" + token)
                .header("X-Api-Key", "k3y-value-456")
                .build();

        Health health = check(probe);

        assertFalse(health.healthy());
        assertTrue(health.detail().startsWith("cannot connect to " + host + ":" + port), health.detail());
        assertEquals("http://alice:***@" + host + ":" + port + "/health?token=***", probe.name());
        for (String shown : new String[] {health.detail(), probe.name(), probe.toString()}) {
            for (String secret : new String[] {password, token, "k3y-value-456"}) {
                assertFalse(shown.contains(secret), shown);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pa/ss-w0rd", "pa#ss-w0rd", "pa?ss-w0rd"})
    void passwordHoldingASlashHashOrQuestionMarkIsMaskedWhenTheUriIsRejected(String password) {
        String uri = "http://alice:" + password + "@127.0.0.1:8080/health";

        IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class, () -> HttpProbe.of(uri));

        assertFalse(rejected.getMessage().contains(password), rejected.getMessage());
        assertTrue(rejected.getMessage().contains("alice:***@127.0.0.1"), rejected.getMessage());
    }
}
