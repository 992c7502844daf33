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
import dev.runner.ServiceHealth;
import dev.runner.ServiceState;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The probe inside a runner: a service whose health includes the database waits for PostgreSQL,
 * its dependent starts only once the database answers, and a database that goes away later makes
 * the runner restart the service by its policy.
 */
class RunnerWithDatabaseProbeTest {

    @RegisterExtension
    static final EmbeddedPostgresServer postgres = new EmbeddedPostgresServer();

    @BeforeAll
    static void leaveTheDatabaseStopped() throws IOException {
        postgres.stop();
    }

    /** A service that counts its calls; its health is up, so the probe alone decides. */
    private static final class Counting implements Service {
        private final String name;
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();
        final AtomicInteger checks = new AtomicInteger();

        Counting(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start(Context context) {
            starts.incrementAndGet();
        }

        @Override
        public void stop(Context context) {
            stops.incrementAndGet();
        }

        @Override
        public Health health() {
            checks.incrementAndGet();
            return Health.up();
        }
    }

    @Test
    void dependentWaitsWhileTheDatabaseIsDownStartsOnceItIsUpAndTheServiceRestartsWhenItFailsLater()
            throws Exception {
        Counting db = new Counting("db");
        Counting api = new Counting("api");
        Runner runner = Runner.create("probe-test");
        runner.add(db,
                Option.probe(JdbcProbe.of(postgres.url(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD)),
                Option.startupGrace(Duration.ofSeconds(90)),
                Option.startTimeout(Duration.ofSeconds(120)),
                Option.healthCheck(Duration.ofMillis(200), Duration.ofSeconds(2)),
                Option.backoff(Duration.ofMillis(100), Duration.ofMillis(500), 2.0),
                Option.maxRetries(0));
        runner.add(api, Option.dependsOn("db"));
        CompletableFuture<Void> started = CompletableFuture.runAsync(runner::start,
                Executors.newVirtualThreadPerTaskExecutor());
        try {
            // While PostgreSQL is down: db started and is checked again and again; api waits.
            await().atMost(Duration.ofSeconds(30)).until(() -> db.checks.get() >= 3);
            ServiceHealth dbWhileDown = runner.healthStatus().services().get("db");
            assertEquals(0, api.starts.get(), "api must not start before the database answers");
            assertEquals(ServiceState.WAITING, runner.healthStatus().services().get("api").state());
            assertFalse(started.isDone(), "start waits for api, which waits for db");
            assertFalse(dbWhileDown.healthy());
            assertTrue(dbWhileDown.error().contains("refused"), dbWhileDown.error());
            assertFalse(dbWhileDown.error().contains(EmbeddedPostgresServer.PASSWORD), dbWhileDown.error());
            assertEquals(0, dbWhileDown.restarts(), "failed checks within the startup grace are no failures");

            // PostgreSQL comes up: db becomes ready, api starts, and the runner's start returns.
            postgres.start();
            started.get(60, TimeUnit.SECONDS);
            assertEquals(1, api.starts.get());
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.healthStatus().healthy());

            // PostgreSQL goes away later: the failed check is a failure now, and db is restarted.
            postgres.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.healthStatus().services().get("db").restarts() >= 1);
            // The restart counts first, then stops the old instance and starts the new one.
            await().atMost(Duration.ofSeconds(30)).until(() -> db.stops.get() >= 1 && db.starts.get() >= 2);

            // And it is healthy again once PostgreSQL is back.
            postgres.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> runner.healthStatus().services().get("db").healthy());
        } finally {
            runner.stop(Duration.ofSeconds(30));
        }
        assertEquals(db.starts.get(), db.stops.get(), "every start was paired with one stop");
        assertEquals(1, api.stops.get());
    }
}
