package dev.runner.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Health;
import dev.runner.HealthProbe;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

/** The same probe against a second database, H2 in memory: nothing in it is PostgreSQL's. */
class H2JdbcProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration RETURNS_WITHIN = TIMEOUT.plusSeconds(10);

    private static Health check(HealthProbe probe) {
        return assertTimeoutPreemptively(RETURNS_WITHIN, () -> probe.check(TIMEOUT));
    }

    @Test
    void probeUriForAnotherDriverIsHealthy() {
        HealthProbe probe = HealthProbe.of("jdbc:h2:mem:runner-probe-uri;DB_CLOSE_DELAY=-1");

        Health health = check(probe);

        assertTrue(health.healthy(), health.detail());
        assertEquals("jdbc:h2:mem:runner-probe-uri;DB_CLOSE_DELAY=-1", probe.name());
    }

    @Test
    void poolProbeRunsItsValidationQueryAndGivesTheConnectionBack() {
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:runner-probe-ds;DB_CLOSE_DELAY=-1",
                "sa", "h2-S3cret-pw");
        Health up;
        Health failing;
        try {
            pool.setMaxConnections(1);
            JdbcProbe probe = JdbcProbe.of(pool).withValidationQuery("SELECT 1");
            up = check(probe);
            failing = check(JdbcProbe.of(pool).withName("orders-db").withValidationQuery("SELECT * FROM missing_table"));
            assertTrue(check(probe).healthy(), "the single pooled connection came back after each check");
            assertEquals(0, pool.getActiveConnections());
        } finally {
            pool.dispose();
        }

        assertTrue(up.healthy(), up.detail());
        assertFalse(failing.healthy());
        assertEquals("orders-db", JdbcProbe.of(pool).withName("orders-db").name());
        assertTrue(failing.detail().contains("MISSING_TABLE"), failing.detail());
    }

    @Test
    void secretPropertyEchoedByADriverIsMasked() throws SQLException {
        // H2 rejects a wrong password for an existing user; the message must not carry either one.
        // The first connection creates the database with its password, outside the probe's timeout
        // (it also loads H2, which on a busy machine can take longer than a check may).
        String url = "jdbc:h2:mem:runner-probe-auth;DB_CLOSE_DELAY=-1";
        try (Connection creating = DriverManager.getConnection(url, "sa", "right-pw-123")) {
            assertTrue(creating.isValid(0));
        }

        Health wrong = check(JdbcProbe.of(url, "sa", "Wr0ng-pw-456"));

        assertFalse(wrong.healthy());
        assertFalse(wrong.detail().contains("Wr0ng-pw-456"), wrong.detail());
        assertFalse(wrong.detail().contains("right-pw-123"), wrong.detail());
    }

    @Test
    void urlWithoutAnInstalledDriverSaysToAddTheDriverJarAndHidesThePassword() {
        JdbcProbe probe = JdbcProbe.of("jdbc:nosuchdb://db:1/app?user=u&password=hunter2-pw");

        Health health = check(probe);

        assertFalse(health.healthy());
        assertEquals("jdbc:nosuchdb://db:1/app?user=u&password=***", probe.name());
        assertEquals("no JDBC driver accepts this URL: add the driver's jar to the class path or module path", health.detail());
    }

    @Test
    void dataSourceThatNeverHandsOutAConnectionIsCutAtTheTimeout() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        DataSource exhaustedPool = new StuckDataSource(interrupted);

        Health health = check(JdbcProbe.of(exhaustedPool).withName("pool"));

        assertFalse(health.healthy());
        assertEquals("no answer within 2000 ms", health.detail());
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the abandoned attempt was interrupted");
    }

    @Test
    void unknownSchemeNamesTheSchemeAndListsTheInstalledOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HealthProbe.of("redis://:s3cret@cache:6379"));

        assertTrue(e.getMessage().contains("\"redis\""), e.getMessage());
        assertTrue(e.getMessage().contains("installed schemes: jdbc"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void nonJdbcUrlIsRejectedWithoutItsPassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcProbe.of("postgresql://u:hunter2-pw@db/app"));

        assertFalse(e.getMessage().contains("hunter2-pw"), e.getMessage());
    }

    @Test
    void checkWithNoTimeLeftIsUnhealthyWithoutTrying() throws InterruptedException {
        JdbcProbe probe = JdbcProbe.of("jdbc:h2:mem:x");

        Health health = probe.check(Duration.ZERO);

        assertFalse(health.healthy());
        assertEquals("no time left for the check (timeout zero or negative)", health.detail());
    }

    /** A pool with no free connection: getConnection blocks until interrupted. */
    private record StuckDataSource(CountDownLatch interrupted) implements ConnectionOnlyDataSource {

        @Override
        public Connection getConnection() throws SQLException {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw new SQLException("interrupted while waiting for a connection", e);
            }
            throw new AssertionError("unreachable");
        }
    }
}
