package dev.runner.engine;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;

/**
 * What most engine tests share: runners made through {@link #runners} and stopped after each
 * test, an {@link EventLog} their services write to, and waiting on it.
 */
abstract class RunnerFixture {

    /** A generous bound for anything a test waits for: this machine is shared and noisy. */
    static final Duration BOUND = Duration.ofSeconds(30);

    final Runners runners = new Runners();
    final EventLog log = new EventLog();

    @AfterEach
    void stopRunners() {
        runners.close();
    }

    /** Waits for {@code condition}; on timeout fails showing the event log. */
    void eventually(Callable<Boolean> condition) {
        Eventually.until(condition, log::dump);
    }

    /** Returns a test service that records its calls in {@link #log}. */
    TestService service(String name) {
        return new TestService(name, log);
    }
}
