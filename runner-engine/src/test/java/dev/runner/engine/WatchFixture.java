package dev.runner.engine;

import dev.runner.Health;
import dev.runner.Option;
import dev.runner.RestartConfig;
import dev.runner.Runner;
import dev.runner.ServiceEvent;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * What the tests of watching a runner share (events, status, timeline): a recording listener per
 * runner, short health intervals and backoffs, and a gate that hung calls wait on and that opens
 * when the test ends, before the runners are stopped.
 *
 * <p>Each test is bounded, on a thread of its own, so an engine that never delivers an event and
 * so never returns from {@code start} fails the test instead of hanging the build.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class WatchFixture extends RunnerFixture {

    /** Checks every 20 ms, so supervision sees a change of health soon. */
    static final Option FAST_CHECKS = Option.healthCheck(Duration.ofMillis(20), Duration.ofSeconds(1));
    /** Checks so rare that, after the one right after start, no check comes during the test. */
    static final Option NO_POLLING = Option.healthCheck(Duration.ofHours(1), Duration.ofSeconds(1));
    /** The first restart waits exactly 10 ms (jitter off), then 20 ms, up to 50 ms; five retries. */
    static final RestartConfig QUICK = RestartConfig.defaults()
            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0).withJitter(false);
    static final Option QUICK_RESTARTS = Option.restartConfig(QUICK);

    /** Opened when the test ends; hung service calls and listeners wait on it. */
    final CountDownLatch gate = new CountDownLatch(1);

    /** Runs before the fixture stops the runners (a subclass's @AfterEach comes first). */
    @AfterEach
    void openGate() {
        gate.countDown();
    }

    /** Adds a new recording listener to the runner and returns it. */
    RecordingListener listen(Runner runner) {
        RecordingListener listener = new RecordingListener();
        runner.addListener(listener);
        return listener;
    }

    /**
     * Adds the service to the runner with the options, after a new recording listener, starts
     * the runner and waits until the service is ready.
     *
     * @return the listener
     */
    RecordingListener startWatched(Runner runner, TestService service, Option... options) {
        RecordingListener events = listen(runner);
        runner.add(service, options);
        runner.start();
        events.await(service.name(), ServiceEvent.Ready.class);
        return events;
    }

    /** A health that is down with {@code detail} while {@code broken} is set, and up otherwise. */
    static IntFunction<Health> downWhile(AtomicBoolean broken, String detail) {
        return instance -> broken.get() ? Health.down(detail) : Health.up();
    }

    /** Returns how many checks of the service's instance failed so far (instance 0: of any instance). */
    long failedChecks(String service, int instance) {
        return log.of(service, Event.Kind.HEALTH).stream()
                .filter(h -> (instance == 0 || h.instance() == instance) && h.detail().startsWith("down")).count();
    }

    /** Waits on {@code latch} for at most {@link #BOUND}; an interrupt ends the wait and is kept. */
    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reports an exit of the service's instance from a thread that is no call of the runner's. */
    static void exitFromAnotherThread(TestService service, int instance, Throwable cause) {
        BackgroundCall.start("exit-" + service.name(), () -> service.startContext(instance).exited(cause))
                .awaitSuccess(BOUND);
    }
}
