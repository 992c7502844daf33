package dev.runner.jdbc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Context;
import dev.runner.Health;
import dev.runner.Option;
import dev.runner.Runner;
import dev.runner.Service;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link JdbcProbe#of(java.util.function.Supplier)} against a real PostgreSQL: the probe is given
 * at {@code add} time, before the service has made its pool, and reads the pool at each check.
 */
class SuppliedDataSourceProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @RegisterExtension
    static final EmbeddedPostgresServer server = new EmbeddedPostgresServer();

    /** The server's real data source, counting the connections it hands out. */
    private record CountingDataSource(DataSource real, AtomicInteger handedOut) implements ConnectionOnlyDataSource {

        CountingDataSource() {
            this(server.postgres().getDatabase(EmbeddedPostgresServer.USER, "postgres",
                    Map.of("password", EmbeddedPostgresServer.PASSWORD)), new AtomicInteger());
        }

        @Override
        public Connection getConnection() throws SQLException {
            handedOut.incrementAndGet();
            return real.getConnection();
        }
    }

    /** A service that makes its pool in {@code start} and drops it in {@code stop}. */
    private static final class PoolOwner implements Service {
        final List<CountingDataSource> made = new CopyOnWriteArrayList<>();
        private volatile DataSource dataSource;
        private volatile Context context;

        DataSource dataSource() {
            return dataSource;
        }

        void crash() {
            context.exited(new IOException("lost the pool"));
        }

        @Override
        public String name() {
            return "orders";
        }

        @Override
        public void start(Context context) {
            CountingDataSource pool = new CountingDataSource();
            made.add(pool);
            this.context = context;
            this.dataSource = pool;
        }

        @Override
        public void stop(Context context) {
            dataSource = null;
        }
    }

    @Test
    void supplierProbeIsDownUntilThePoolExistsAndFollowsThePoolARestartMakes() throws Exception {
        PoolOwner orders = new PoolOwner();
        JdbcProbe probe = JdbcProbe.of(orders::dataSource).withValidationQuery("SELECT 1");

        Health beforeStart = probe.check(TIMEOUT);
        assertFalse(beforeStart.healthy());
        assertEquals("no data source yet (the supplier returned null)", beforeStart.detail());

        Runner runner = Runner.create("supplied");
        runner.add(orders, Option.probe(probe),
                Option.healthCheck(Duration.ofMillis(200), TIMEOUT),
                Option.backoff(Duration.ofMillis(50), Duration.ofMillis(200), 2.0));
        try {
            runner.start(Duration.ofSeconds(90));
            assertTrue(runner.healthStatus().services().get("orders").healthy());
            assertTrue(orders.made.getFirst().handedOut().get() >= 1, "readiness was checked through the first pool");

            orders.crash();

            // The runner stops the instance (the pool is dropped) and starts a new one with a new pool,
            // which the probe now checks: several checks through it, and the service is healthy again.
            await().atMost(Duration.ofSeconds(60)).until(() -> orders.made.size() == 2
                    && orders.made.get(1).handedOut().get() >= 3
                    && runner.healthStatus().services().get("orders").healthy());
            assertEquals(1, runner.healthStatus().services().get("orders").restarts());
        } finally {
            runner.stop(Duration.ofSeconds(30));
        }
        Health afterStop = probe.check(TIMEOUT);
        assertFalse(afterStop.healthy());
        assertEquals("no data source yet (the supplier returned null)", afterStop.detail());
    }
}
