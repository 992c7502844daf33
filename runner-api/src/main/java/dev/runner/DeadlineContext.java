package dev.runner;

import java.time.Instant;
import java.util.Optional;

/** A caller's context: a fixed deadline, cancelled once it has passed; exits are ignored. */
record DeadlineContext(Optional<Instant> deadline) implements Context {

    static final DeadlineContext BACKGROUND = new DeadlineContext(Optional.empty());

    @Override
    public boolean isCancelled() {
        return deadline.isPresent() && !Instant.now().isBefore(deadline.get());
    }

    @Override
    public void exited(Throwable cause) {
        // A caller's context has no one to tell: a top-level runner's exit is seen in its health.
    }
}
