package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A call made on a platform thread of its own, so a test can wait for it, or interrupt it. */
final class BackgroundCall {

    /** A call that may throw. */
    @FunctionalInterface
    interface Body {
        /** Makes the call. */
        void run() throws Exception;
    }

    private final CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    private final Thread thread;

    private BackgroundCall(String name, Body body) {
        thread = Thread.ofPlatform().name("test-" + name).daemon().unstarted(() -> {
            try {
                body.run();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
    }

    /** Starts the call at once. */
    static BackgroundCall start(String name, Body body) {
        BackgroundCall call = new BackgroundCall(name, body);
        call.thread.start();
        return call;
    }

    /** Returns the thread making the call. */
    Thread thread() {
        return thread;
    }

    /** Tells whether the call has ended. */
    boolean isDone() {
        return outcome.isDone();
    }

    /** Waits for the call to end and returns what it threw, or null; fails the test if it does not end in time. */
    Throwable awaitOutcome(Duration bound) {
        try {
            return outcome.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail("call on " + thread.getName() + " did not end within " + bound + "; it is at:\n"
                    + stackOf(thread));
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits for the call to end and fails the test if it threw or did not end in time. */
    void awaitSuccess(Duration bound) {
        Throwable thrown = awaitOutcome(bound);
        if (thrown != null) {
            throw new AssertionError("call on " + thread.getName() + " threw", thrown);
        }
        assertNull(thrown);
    }

    /** Waits for the call to end and returns what it threw; fails the test if it returned normally. */
    <T extends Throwable> T awaitFailure(Class<T> type, Duration bound) {
        Throwable thrown = awaitOutcome(bound);
        if (!type.isInstance(thrown)) {
            throw new AssertionError("expected " + type.getSimpleName() + " from " + thread.getName() + " but got " + thrown, thrown);
        }
        return type.cast(thrown);
    }

    private static String stackOf(Thread thread) {
        StringBuilder text = new StringBuilder();
        for (StackTraceElement element : thread.getStackTrace()) {
            text.append("    at ").append(element).append('\n');
        }
        return text.toString();
    }
}
