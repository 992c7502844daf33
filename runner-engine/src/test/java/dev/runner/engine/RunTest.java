package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.RunnerException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md, version 2, {@code run}: it registers a shutdown hook, starts, and blocks until the
 * runner stops (by SIGTERM or SIGINT, by {@code stop()} from another thread, or because a critical
 * service gave up); the hook stops within the stop timeout, so the JVM exits after the services
 * stopped, and a signal during start stops what had started. These tests run {@link RunMain} in a
 * JVM of their own and follow what it prints; {@link RunInProcessTest} has the rest.
 */
class RunTest extends SupervisionFixture {

    /** A generous bound for a child JVM to end after SIGTERM: its stop timeout is 10 s. */
    private static final Duration EXIT_BOUND = RunMain.STOP_TIMEOUT.plusSeconds(10);
    /** The exit codes of a JVM that ended by SIGTERM after its shutdown hooks ran: 128 + 15, or 0. */
    private static final Set<Integer> SIGTERM_EXITS = Set.of(143, 0);

    private static List<String> stopLines(RunningJvm jvm) {
        return jvm.stdoutLines().stream().filter(l -> l.startsWith("stopping ") || l.startsWith("stopped ")).toList();
    }

    @Test
    void sigtermStopsEveryServiceInReverseOrderAndTheJvmExits(@TempDir Path dir) throws Exception {
        try (RunningJvm jvm = RunningJvm.start(dir, "db", "api,dependsOn=db", "web,dependsOn=api")) {
            jvm.awaitLine("runner started");

            jvm.terminate();

            int exit = jvm.awaitExit(EXIT_BOUND);
            assertTrue(SIGTERM_EXITS.contains(exit), "exit code " + exit + "\n" + jvm.describe());
            assertEquals(List.of("stopping web", "stopped web", "stopping api", "stopped api", "stopping db", "stopped db"),
                    stopLines(jvm), jvm.describe());
        }
    }

    @Test
    void sigtermDuringASlowStartStopsWhatHadStartedAndTheJvmExits(@TempDir Path dir) throws Exception {
        try (RunningJvm jvm = RunningJvm.start(dir, "db", "slow,dependsOn=db,slowStart")) {
            jvm.awaitLine("started db");
            jvm.awaitLine("starting slow");

            jvm.terminate();

            // The slow start sleeps a minute: ending within the bound shows it was cut short.
            int exit = jvm.awaitExit(EXIT_BOUND);
            assertTrue(Set.of(143, 0, 1).contains(exit), "exit code " + exit + "\n" + jvm.describe());
            List<String> lines = jvm.stdoutLines();
            assertEquals(List.of("stopping db", "stopped db"), stopLines(jvm), jvm.describe());
            assertFalse(lines.contains("started slow"), jvm.describe());
            assertTrue(lines.contains("interrupted slow"), "the slow start was interrupted\n" + jvm.describe());
            assertTrue(lines.indexOf("interrupted slow") < lines.indexOf("stopping db"),
                    "db stops only after its dependent's start ended\n" + jvm.describe());
        }
    }

    @Test
    void criticalServiceThatGivesUpMakesTheJvmExitWithAnErrorNamingIt(@TempDir Path dir) throws Exception {
        try (RunningJvm jvm = RunningJvm.start(dir, "db", "worker,dependsOn=db,critical,never,crash")) {
            int exit = jvm.awaitExit(Eventually.BOUND);

            assertEquals(1, exit, "run threw out of main\n" + jvm.describe());
            String thrown = jvm.stderr().lines().filter(l -> l.startsWith("Exception in thread \"main\"")).findFirst()
                    .orElseThrow(() -> new AssertionError("nothing thrown out of main\n" + jvm.describe()));
            assertTrue(thrown.startsWith("Exception in thread \"main\" " + RunnerException.class.getName()), thrown);
            assertTrue(thrown.contains("worker"), "the exception names the service: " + thrown);
            List<String> lines = jvm.stdoutLines();
            assertEquals(1, lines.stream().filter("stopped worker"::equals).count(), jvm.describe());
            assertEquals(1, lines.stream().filter("stopped db"::equals).count(), jvm.describe());
            assertTrue(lines.indexOf("stopped worker") < lines.indexOf("stopping db"), jvm.describe());
        }
    }
}
