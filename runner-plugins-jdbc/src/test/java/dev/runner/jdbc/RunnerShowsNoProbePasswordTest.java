package dev.runner.jdbc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Context;
import dev.runner.Option;
import dev.runner.Runner;
import dev.runner.Service;
import dev.runner.ServiceHealth;
import dev.runner.StartException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Through a real runner, a probe's password reaches neither the {@code StartException} (message,
 * causes, suppressed), nor {@code healthStatus()}, nor the runner's log (slf4j-simple writes to
 * {@code System.err}, which the test captures while the runner starts, until the runner has logged
 * the failure with the masked password).
 */
class RunnerShowsNoProbePasswordTest {

    @RegisterExtension
    static final EmbeddedPostgresServer server = new EmbeddedPostgresServer();

    /** A service whose own health is up, so its probe alone decides. */
    private record Quiet(String name) implements Service {
        @Override
        public void start(Context context) {
        }

        @Override
        public void stop(Context context) {
        }
    }

    /** What a failed start showed: the exception, the health seen while starting, the log. */
    private record Seen(StartException failure, ServiceHealth whileStarting, String log) {

        /** Every text of the exception's chain: messages and toString of causes and suppressed. */
        List<String> exceptionTexts() {
            List<String> texts = new ArrayList<>();
            Set<Throwable> visited = Collections.newSetFromMap(new IdentityHashMap<>());
            List<Throwable> pending = new ArrayList<>(List.of(failure));
            while (!pending.isEmpty()) {
                Throwable next = pending.removeLast();
                if (next == null || !visited.add(next)) {
                    continue;
                }
                texts.add(String.valueOf(next.getMessage()));
                texts.add(next.toString());
                pending.add(next.getCause());
                pending.addAll(List.of(next.getSuppressed()));
            }
            return texts;
        }
    }

    /**
     * Starts a runner whose service {@code db} has the probe and cannot become healthy; {@code api}
     * depends on it, so the start waits for {@code db} to be ready and fails.
     */
    private static Seen startFailing(String probeUri) throws Exception {
        Runner runner = Runner.create("secrets");
        runner.add(new Quiet("db"), Option.probe(probeUri),
                Option.startupGrace(Duration.ofSeconds(30)),
                Option.startTimeout(Duration.ofSeconds(5)),
                Option.healthCheck(Duration.ofMillis(200), Duration.ofSeconds(3)),
                Option.maxRetries(0));
        runner.add(new Quiet("api"), Option.dependsOn("db"));
        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            CompletableFuture<Void> started = CompletableFuture.runAsync(runner::start,
                    Executors.newVirtualThreadPerTaskExecutor());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> runner.healthStatus().services().get("db").error() != null);
            ServiceHealth whileStarting = runner.healthStatus().services().get("db");
            ExecutionException ended = assertThrows(ExecutionException.class, () -> started.get(60, TimeUnit.SECONDS));
            assertTrue(ended.getCause() instanceof StartException, String.valueOf(ended.getCause()));
            // The runner logs the failure too; wait for that line rather than assume when it comes.
            await().atMost(Duration.ofSeconds(30)).until(() -> log.toString(StandardCharsets.UTF_8).contains("***"));
            return new Seen((StartException) ended.getCause(), whileStarting, log.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(stderr);
            runner.stop(Duration.ofSeconds(30));
            stderr.print(log.toString(StandardCharsets.UTF_8));
        }
    }

    private static void assertMaskedEverywhere(Seen seen, String secret) {
        List<String> shown = new ArrayList<>(seen.exceptionTexts());
        shown.add(seen.whileStarting().error());
        shown.add(seen.log());
        for (String text : shown) {
            assertFalse(text.contains(secret), text);
        }
        assertTrue(seen.failure().getMessage().contains("***"), seen.failure().getMessage());
        assertTrue(seen.whileStarting().error().contains("***"), seen.whileStarting().error());
    }

    @Test
    void startExceptionHealthAndLogOfAnUnresolvableUserinfoHostShowStarsNeverThePassword() throws Exception {
        String password = "Pa55-w0rd-9x";

        Seen seen = startFailing("jdbc:postgresql://app:" + password + "@127.0.0.1:1/app");

        assertMaskedEverywhere(seen, password);
        assertTrue(seen.whileStarting().error().contains("app:***@127.0.0.1"), seen.whileStarting().error());
    }

    @Test
    void wrongPasswordAgainstTheRealDatabaseReachesNeitherStartExceptionNorHealthNorLog() throws Exception {
        String wrong = "Wr0ng-pa55word";

        Seen seen = startFailing(server.url().replace("//", "//" + EmbeddedPostgresServer.USER + ":" + wrong + "@"));

        assertMaskedEverywhere(seen, wrong);
    }
}
