package dev.runner.engine;

import java.util.ArrayDeque;
import org.slf4j.MDC;

/**
 * Owns how the engine makes threads: every call into a service runs on a virtual thread named
 * {@code <runner>/<service>/<call>}, so a thread dump shows whose call is stuck.
 *
 * <p>An engine thread that starts another task may run it itself once its own task has ended,
 * instead of starting a thread: a service that becomes ready hands its thread to the first
 * dependent it launches, so a chain of starts runs on one thread without a scheduling hop per
 * link. Only one task is handed to a thread at a time (others get threads of their own), and only
 * engine threads take them, so a caller's thread is never borrowed. Invariant: a handed-off task
 * runs after the task that handed it off has returned, with the interrupt status and MDC cleared.
 * Code that hands off must therefore not block afterwards; the engine's launches are the last
 * thing a task does.
 */
final class Threads {

    /** Tasks handed to the current engine thread; null on threads that are not the engine's. */
    private static final ThreadLocal<ArrayDeque<Runnable>> HANDED_OFF = new ThreadLocal<>();

    private Threads() {
    }

    /** Runs {@code task} on a new virtual thread named {@code name}, or hands it to this engine thread. */
    static void start(String name, Runnable task) {
        ArrayDeque<Runnable> handedOff = HANDED_OFF.get();
        if (handedOff != null && handedOff.isEmpty()) {
            handedOff.add(() -> {
                Thread.currentThread().setName(name);
                task.run();
            });
            return;
        }
        Thread.ofVirtual().name(name).start(() -> runThenHandedOff(task));
    }

    /** Starts a virtual thread named {@code name} that is never handed tasks; for callers' work. */
    static Thread startPlain(String name, Runnable task) {
        return Thread.ofVirtual().name(name).start(task);
    }

    private static void runThenHandedOff(Runnable first) {
        ArrayDeque<Runnable> handedOff = new ArrayDeque<>(1);
        HANDED_OFF.set(handedOff);
        try {
            first.run();
            for (Runnable next = handedOff.poll(); next != null; next = handedOff.poll()) {
                Thread.interrupted();
                MDC.clear();
                next.run();
            }
        } finally {
            HANDED_OFF.remove();
        }
    }
}
