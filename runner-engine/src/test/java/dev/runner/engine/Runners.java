package dev.runner.engine;

import dev.runner.Runner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Creates runners for one test and stops every one of them when the test ends. */
final class Runners implements AutoCloseable {

    private final List<Runner> created = new CopyOnWriteArrayList<>();

    /** Creates a runner through the public entry point, {@link Runner#create}. */
    Runner create(String name) {
        Runner runner = Runner.create(name);
        created.add(runner);
        return runner;
    }

    /** Stops every runner created here, ignoring what their stops throw. */
    @Override
    public void close() {
        for (Runner runner : created) {
            try {
                runner.stop(Duration.ofSeconds(30));
            } catch (RuntimeException ignored) {
                // The test has already asserted what it wanted; this only cleans up.
            }
        }
    }
}
