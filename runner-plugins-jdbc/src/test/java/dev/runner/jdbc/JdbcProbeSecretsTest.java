package dev.runner.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Health;
import dev.runner.HealthProbe;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the JDBC probe emits never holds a password it knows, however the driver echoes it: against
 * a real PostgreSQL and real sockets (port 1 on the loopback refuses; a userinfo the driver takes
 * for a host name does not resolve).
 */
class JdbcProbeSecretsTest {

    /** The password of the issue's example: {@code jdbc:postgresql://app:<password>@127.0.0.1:1/app}. */
    private static final String SECRET = "Pa55-w0rd-9x";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Generous: the check must return; how fast is not asserted. */
    private static final Duration RETURNS_WITHIN = TIMEOUT.plusSeconds(10);

    @RegisterExtension
    static final EmbeddedPostgresServer server = new EmbeddedPostgresServer();

    private static Health check(HealthProbe probe) {
        return assertTimeoutPreemptively(RETURNS_WITHIN, () -> probe.check(TIMEOUT));
    }

    /** The real server's URL with {@code user:password@} written in, a form pgjdbc reads as a host. */
    private static String withUserInfo(String user, String password) {
        return server.url().replace("//", "//" + user + ":" + password + "@");
    }

    @Test
    void passwordOfAUserinfoTheDriverTakesForAHostIsMaskedInTheNameAndTheDetail() {
        HealthProbe probe = HealthProbe.of("jdbc:postgresql://app:" + SECRET + "@127.0.0.1:1/app");

        Health health = check(probe);

        assertFalse(health.healthy());
        assertEquals("jdbc:postgresql://app:***@127.0.0.1:1/app", probe.name());
        assertTrue(health.detail().contains("UnknownHostException: app:***@127.0.0.1"), health.detail());
        assertFalse(health.detail().contains(SECRET), health.detail());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", textBlock = """
            Wr0ng-pa55word => The connection attempt failed.
            wr/ng-pa55 => Unable to parse URL
            """)
    void wrongPasswordInTheUserinfoFormAgainstTheRealDatabaseDoesNotLeakEvenWithASlash(String wrong, String detailStart) {
        HealthProbe probe = HealthProbe.of(withUserInfo(EmbeddedPostgresServer.USER, wrong));

        Health health = check(probe);

        assertFalse(health.healthy());
        assertTrue(health.detail().startsWith(detailStart), health.detail());
        for (String shown : new String[] {health.detail(), probe.name(), probe.toString()}) {
            assertFalse(shown.contains(wrong), shown);
            assertTrue(shown.contains("probe:***@localhost"), shown);
        }
    }

    @Test
    void oneLetterPasswordIsMaskedWhereItStandsAloneAndTheRestOfTheDetailIsKept() {
        HealthProbe probe = HealthProbe.of("jdbc:postgresql://app:a@127.0.0.1:1/app");

        Health health = check(probe);

        assertFalse(health.healthy());
        assertEquals("jdbc:postgresql://app:***@127.0.0.1:1/app", probe.name());
        assertTrue(health.detail().startsWith("The connection attempt failed."), health.detail());
        assertTrue(health.detail().contains("UnknownHostException: app:***@127.0.0.1"), health.detail());
    }

    @Test
    void uncheckedFailureOfADataSourceIsThrownWithItsStackTraceAndWithoutItsSecrets() {
        ClosedPool pool = new ClosedPool();
        JdbcProbe probe = JdbcProbe.of(pool);

        RuntimeException thrown = assertThrows(RuntimeException.class, () -> probe.check(TIMEOUT));

        IllegalStateException original = pool.thrown;
        assertEquals("java.lang.IllegalStateException: pool closed: jdbc:postgresql://app:***@db/app",
                thrown.toString());
        assertArrayEquals(original.getStackTrace(), thrown.getStackTrace());
        assertEquals("java.lang.RuntimeException: last error: password=***", thrown.getCause().toString());
        assertArrayEquals(original.getCause().getStackTrace(), thrown.getCause().getStackTrace());
    }

    /** A pool that has been closed, as a pool says when it is used after its end. */
    private static final class ClosedPool implements ConnectionOnlyDataSource {
        private volatile IllegalStateException thrown;

        @Override
        public Connection getConnection() {
            thrown = new IllegalStateException("pool closed: jdbc:postgresql://app:" + SECRET + "@db/app",
                    new RuntimeException("last error: password=" + SECRET));
            throw thrown;
        }
    }
}
