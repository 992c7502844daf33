package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runner.Option;
import dev.runner.Runner;
import dev.runner.StartException;
import dev.runner.StopException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, Start and Stop: a call the runner gives up is interrupted and its context is
 * cancelled, so a service woken by the interrupt that asks {@code isCancelled()} hears "yes".
 * Many calls at once, so an interrupt that overtakes the cancellation shows up.
 */
class CancellationTest {

    private static final int COUNT = 20;

    private final Runners runners = new Runners();
    private final EventLog log = new EventLog();

    @AfterEach
    void stopRunners() {
        runners.close();
    }

    private List<String> interruptedWithoutCancellation() {
        return log.of(Event.Kind.INTERRUPTED).stream().filter(e -> !e.detail().equals("cancelled=true"))
                .map(Event::toString).toList();
    }

    @Test
    void startsCancelledByARollbackSeeTheirContextCancelledWhenInterrupted() throws Exception {
        Runner runner = runners.create("rollback-cancel");
        CountDownLatch allInside = new CountDownLatch(COUNT);
        for (int i = 0; i < COUNT; i++) {
            TestService hang = new TestService("hang" + i, log);
            hang.onStart((context, instance) -> {
                allInside.countDown();
                hang.blockUntilInterrupted(context, instance);
            });
            runner.add(hang);
        }
        runner.add(new TestService("boom", log).onStart((context, instance) -> {
            allInside.await(30, TimeUnit.SECONDS);
            throw new IOException("boom");
        }));

        assertThrows(StartException.class, runner::start);

        assertEquals(COUNT, log.of(Event.Kind.INTERRUPTED).size(), log.dump());
        assertEquals(List.of(), interruptedWithoutCancellation());
    }

    @Test
    void startsThatOverrunTheirTimeoutSeeTheirContextCancelledWhenInterrupted() {
        Runner runner = runners.create("timeout-cancel");
        for (int i = 0; i < COUNT; i++) {
            runner.add(new TestService("hang" + i, log).hangInStart(), Option.startTimeout(Duration.ofMillis(100)));
        }

        assertThrows(StartException.class, runner::start);

        assertEquals(List.of(), interruptedWithoutCancellation());
    }

    @Test
    void stopsThatOverrunTheirTimeoutSeeTheirContextCancelledWhenInterrupted() {
        Runner runner = runners.create("stop-cancel");
        for (int i = 0; i < COUNT; i++) {
            runner.add(new TestService("hung" + i, log).hangInStop(), Option.stopTimeout(Duration.ofMillis(100)));
        }
        runner.start();

        StopException e = assertThrows(StopException.class, runner::stop);

        assertEquals(COUNT, e.failures().size());
        assertEquals(List.of(), interruptedWithoutCancellation());
    }
}
