package dev.runner.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Health;
import dev.runner.HealthProbe;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JDBC probe against a real PostgreSQL, started once for the class; one test stops it and
 * starts it again on the same port.
 */
class PostgresJdbcProbeTest {

    private static final String USER = EmbeddedPostgresServer.USER;
    private static final String PASSWORD = EmbeddedPostgresServer.PASSWORD;
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Generous: the check must return; how fast is not asserted. */
    private static final Duration RETURNS_WITHIN = TIMEOUT.plusSeconds(10);

    @RegisterExtension
    static final EmbeddedPostgresServer server = new EmbeddedPostgresServer();

    private static String url() {
        return server.url();
    }

    private static Health check(HealthProbe probe) {
        return assertTimeoutPreemptively(RETURNS_WITHIN, () -> probe.check(TIMEOUT));
    }

    @Test
    void isHealthyWhileTheServerIsUp() {
        Health health = check(JdbcProbe.of(url(), USER, PASSWORD));

        assertTrue(health.healthy(), health.detail());
    }

    @Test
    void probeUriWithCredentialsFindsThePluginAndNeverShowsThePassword() {
        HealthProbe probe = HealthProbe.of(url() + "?user=" + USER + "&password=" + PASSWORD);

        Health health = check(probe);

        assertTrue(health.healthy(), health.detail());
        assertTrue(probe instanceof JdbcProbe, probe.getClass().getName());
        assertEquals(url() + "?user=probe&password=***", probe.name());
        assertFalse(probe.toString().contains(PASSWORD), probe.toString());
    }

    @Test
    void wrongPasswordGivesAClearMessageWithoutThePassword() {
        String wrong = "Wr0ng-pa55word";
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", wrong);

        Health inUrl = check(JdbcProbe.of(url() + "?user=" + USER + "&password=" + wrong));
        Health inProperties = check(JdbcProbe.of(url(), properties));

        for (Health health : new Health[] {inUrl, inProperties}) {
            assertFalse(health.healthy());
            assertTrue(health.detail().contains("password authentication failed for user \"probe\""), health.detail());
            assertFalse(health.detail().contains(wrong), health.detail());
            assertFalse(health.detail().contains(PASSWORD), health.detail());
        }
        assertTrue(inUrl.detail().startsWith("FATAL: password authentication failed"), inUrl.detail());
    }

    @Test
    void dataSourceProbeWithValidationQueryBorrowsFromTheApplicationsDataSource() {
        DataSource dataSource = server.postgres().getDatabase(USER, "postgres", Map.of("password", PASSWORD));
        JdbcProbe probe = JdbcProbe.of(dataSource).withValidationQuery("SELECT 1");

        Health up = check(probe);
        Health badQuery = check(JdbcProbe.of(dataSource).withValidationQuery("SELECT * FROM no_such_table"));

        assertTrue(up.healthy(), up.detail());
        assertEquals("jdbc datasource org.postgresql.ds.PGSimpleDataSource", probe.name());
        assertFalse(badQuery.healthy());
        assertTrue(badQuery.detail().contains("no_such_table"), badQuery.detail());
    }

    @Test
    void isUnhealthyWhileTheServerIsStoppedAndHealthyAgainOnceItIsStartedOnTheSamePort() throws IOException {
        JdbcProbe probe = JdbcProbe.of(url(), USER, PASSWORD);
        assertTrue(check(probe).healthy());

        server.stop();
        Health down;
        try {
            down = check(probe);
        } finally {
            server.start();
        }
        Health upAgain = check(probe);

        assertFalse(down.healthy());
        assertTrue(down.detail().contains("refused"), down.detail());
        assertTrue(upAgain.healthy(), upAgain.detail());
    }

    @Test
    void listenerThatAcceptsAndNeverAnswersIsCutAtTheTimeoutAndTheLateAttemptIsClosed() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CountDownLatch clientGone = new CountDownLatch(1);
            Thread.ofVirtual().start(() -> holdConnectionsOpen(silent, clientGone));
            // The driver's own timeouts off: only the probe's deadline can end this check.
            Properties noDriverTimeouts = new Properties();
            noDriverTimeouts.setProperty("connectTimeout", "0");
            noDriverTimeouts.setProperty("socketTimeout", "0");
            noDriverTimeouts.setProperty("loginTimeout", "0");
            noDriverTimeouts.setProperty("sslmode", "disable"); // no SSL answer to wait 5 s for either
            noDriverTimeouts.setProperty("user", USER);
            noDriverTimeouts.setProperty("password", PASSWORD);
            String silentUrl = "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/postgres";
            int loginTimeoutBefore = DriverManager.getLoginTimeout();

            Health health = check(JdbcProbe.of(silentUrl, noDriverTimeouts));

            assertFalse(health.healthy());
            assertEquals("no answer within 2000 ms", health.detail());
            assertTrue(clientGone.await(10, TimeUnit.SECONDS), "the abandoned attempt closed its socket");
            assertEquals(loginTimeoutBefore, DriverManager.getLoginTimeout(), "no JVM-wide setting touched");
        }
    }

    @Test
    void listenerThatNeverAnswersAlsoEndsWithTheDriverTimeoutsTheProbeSets() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> holdConnectionsOpen(silent, new CountDownLatch(1)));
            String silentUrl = "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/postgres";

            Health health = check(JdbcProbe.of(silentUrl, USER, PASSWORD));

            assertFalse(health.healthy());
            assertFalse(health.detail().isBlank());
        }
    }

    /** Accepts connections, reads what the client sends and never answers. */
    private static void holdConnectionsOpen(ServerSocket server, CountDownLatch clientGone) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (socket; InputStream in = socket.getInputStream()) {
                        while (in.read() != -1) {
                            // swallow the startup packet; never reply
                        }
                    } catch (IOException e) {
                        // reset by the client: gone all the same
                    }
                    clientGone.countDown();
                });
            } catch (IOException e) {
                return; // the server socket was closed
            }
        }
    }
}
