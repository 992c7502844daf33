package dev.runner.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Option;
import dev.runner.Runner;
import dev.runner.StartException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, Bounds that hold against hostile services: timeouts and deadlines fire on time even
 * while service code keeps every carrier thread busy; CPU-bound starts that honour interruption
 * are interrupted at their timeout.
 */
class BusyCarrierTest extends RunnerFixture {

    /** How long a spinning start goes on before it gives up by itself. */
    private static final Duration GIVE_UP = Duration.ofSeconds(10);

    @Test
    void startTimeoutsFireWhileCpuBoundStartsHoldEveryCarrierThread() {
        // One spinning start per carrier thread of the virtual-thread scheduler (as many as there
        // are processors), so no virtual thread can run until a spin ends.
        int carriers = Math.max(2, Runtime.getRuntime().availableProcessors());
        Runner runner = runners.create("busy-carriers");
        List<TestService> spinners = new ArrayList<>();
        for (int i = 0; i < carriers; i++) {
            TestService spinner = service("spin" + i);
            spinner.onStart((context, instance) -> {
                if (HostileCalls.spinUntilInterrupted(GIVE_UP)) {
                    log.add(spinner.name(), instance, Event.Kind.INTERRUPTED, "cancelled=" + context.isCancelled());
                    throw new InterruptedException("spin interrupted");
                }
                throw new IllegalStateException(spinner.name() + " spun for " + GIVE_UP + " and was never interrupted");
            });
            spinners.add(spinner);
            runner.add(spinner, Option.startTimeout(Duration.ofMillis(500)));
        }
        try {
            BackgroundCall start = BackgroundCall.start("start", () -> runner.start(Duration.ofSeconds(1)));

            // Bounded well before the spins give up by themselves (10 s): only a timeout that
            // fired, or the 1 s deadline, can end the start by then.
            StartException e = start.awaitFailure(StartException.class, Duration.ofSeconds(6));

            assertTrue(spinners.stream().anyMatch(s -> s.name().equals(e.service())), "blamed: " + Causes.describe(e));
            for (TestService spinner : spinners) {
                assertEquals(1, spinner.starts(), spinner.name() + " starts");
                eventually(() -> log.has(spinner.name(), Event.Kind.INTERRUPTED));
            }
        } finally {
            // Spins end by themselves within 10 s; wait for them, or they starve the next test.
            await().atMost(GIVE_UP.plus(BOUND)).until(() -> spinners.stream()
                    .allMatch(s -> s.threads().stream().noneMatch(Thread::isAlive)));
        }
    }
}
