package dev.runner.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Health;
import dev.runner.HealthProbe;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JDBC probe against a real PostgreSQL, started once for the class on a fixed port with a
 * data directory that survives a stop, so the test can stop and start the same server.
 */
class PostgresJdbcProbeTest {

    private static final String USER = "probe";
    private static final String PASSWORD = "pr0be-S3cret-value";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Generous: the check must return; how fast is not asserted. */
    private static final Duration RETURNS_WITHIN = TIMEOUT.plusSeconds(10);

    private static Path dataDirectory;
    private static int port;
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        dataDirectory = Files.createTempDirectory("runner-jdbc-probe-pg");
        port = freePort();
        postgres = startOnSamePort();
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /**
     * Starts PostgreSQL on {@link #port}; the first start runs initdb, later ones reuse the data.
     * TCP logins need a password except for the admin user the embedded server checks itself with.
     */
    private static EmbeddedPostgres startOnSamePort() throws IOException {
        return EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setDataDirectoryCustomizer(directory -> {
                    try {
                        Files.writeString(directory.toPath().resolve("pg_hba.conf"), """
                                local all all trust
                                host all postgres 127.0.0.1/32 trust
                                host all postgres ::1/128 trust
                                host all all 127.0.0.1/32 scram-sha-256
                                host all all ::1/128 scram-sha-256
                                """);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String url() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
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
        DataSource dataSource = postgres.getDatabase(USER, "postgres", Map.of("password", PASSWORD));
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

        postgres.close();
        Health down;
        try {
            down = check(probe);
        } finally {
            postgres = startOnSamePort();
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
