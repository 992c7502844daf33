package dev.runner.benchmarks.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runner.Option;
import dev.runner.RestartConfig;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartingServiceTest {

    private static final RestartConfig IMMEDIATE = new RestartConfig(
            RestartPolicy.ALWAYS, 0, Duration.ZERO, Duration.ZERO, 1.0, false);

    @Test
    void exitOfADependencyReturnsOnceItsBoundDependentStartedAgain() throws InterruptedException {
        RestartingService db = new RestartingService("db", 1);
        RestartingService cache = new RestartingService("cache", 1);
        Runner runner = Runner.create("test");
        runner.add(db, Option.restartConfig(IMMEDIATE));
        runner.add(cache, Option.bindsTo("db"));
        runner.start();
        try {
            db.exitAndAwaitRestartOf(cache);

            // cache starts again only after db's new instance is ready, so db started twice too.
            assertEquals(2, cache.starts());
            assertEquals(2, db.starts());
        } finally {
            runner.stop();
        }
    }
}
