package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runner.Context;
import dev.runner.Runner;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The engine's runner refuses a missing argument at once with a message that names it, before it
 * starts, stops or waits for anything, and shows its name in its string form.
 */
class RunnerArgumentsTest extends RunnerFixture {

    private static void assertRefusedNaming(String message, Class<? extends Throwable> type,
                                            Executable call) {
        assertEquals(message, assertThrows(type, call).getMessage());
    }

    @Test
    void startStopAndAwaitStoppedRefuseNullNamingTheArgument() {
        Runner runner = runners.create("nulls");
        TestService db = service("db");
        runner.add(db);

        assertRefusedNaming("context must not be null", NullPointerException.class, () -> runner.start((Context) null));
        assertRefusedNaming("context must not be null", NullPointerException.class, () -> runner.stop((Context) null));
        assertRefusedNaming("timeout must not be null", NullPointerException.class, () -> runner.awaitStopped(null));
        assertEquals(0, db.starts());
        assertFalse(runner.isRunning());
    }

    @Test
    void runRefusesAStopTimeoutThatIsNotPositiveNamingIt() {
        Runner runner = runners.create("run-arguments");
        TestService db = service("db");
        runner.add(db);

        assertRefusedNaming("stopTimeout must be positive: PT0S", IllegalArgumentException.class, () -> runner.run(Duration.ZERO));
        assertRefusedNaming("stopTimeout must be positive: PT-1S", IllegalArgumentException.class,
                () -> runner.run(Duration.ofSeconds(-1)));
        assertRefusedNaming("stopTimeout must not be null", NullPointerException.class, () -> runner.run(null));
        assertEquals(0, db.starts());
        assertFalse(runner.isRunning());
    }

    @Test
    void aRunnerShowsItsName() {
        assertEquals("Runner[billing]", runners.create("billing").toString());
    }
}
