package dev.runner.engine;

import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Owns how the engine makes threads: every call into a service runs on a virtual thread named
 * {@code <runner>/<service>/<call>}, so a thread dump shows whose call is stuck.
 *
 * <p>A service that becomes ready may {@linkplain #handOff hand its thread} to the first dependent
 * it launches: the dependent's start runs on that thread once the current task has ended, so a
 * chain of starts runs on one thread without a scheduling hop per link. Invariants: only engine
 * threads started by {@link #start} take handed-off tasks, one at a time; a handed-off task runs
 * after the task that handed it off has returned, with the interrupt status and MDC cleared, and
 * even if that task threw. Only code that does nothing blocking afterwards, and never user code,
 * may hand off: otherwise the handed-off task would wait behind it.
 */
final class Threads {

    private static final Logger LOG = LoggerFactory.getLogger(Threads.class);

    /** Tasks handed to the current engine thread; null on threads that are not the engine's. */
    private static final ThreadLocal<ArrayDeque<Runnable>> HANDED_OFF = new ThreadLocal<>();

    private Threads() {
    }

    /** Runs {@code task} on a new virtual thread named {@code name}. */
    static void start(String name, Runnable task) {
        Thread.ofVirtual().name(name).start(() -> runThenHandedOff(task));
    }

    /**
     * Runs {@code task} on this engine thread once its current task has ended, if it has taken no
     * other task; otherwise on a new virtual thread named {@code name}.
     */
    static void handOff(String name, Runnable task) {
        ArrayDeque<Runnable> handedOff = HANDED_OFF.get();
        if (handedOff != null && handedOff.isEmpty()) {
            handedOff.add(() -> {
                Thread.currentThread().setName(name);
                task.run();
            });
        } else {
            start(name, task);
        }
    }

    /** Starts a virtual thread named {@code name} that never takes handed-off tasks. */
    static Thread startPlain(String name, Runnable task) {
        return Thread.ofVirtual().name(name).start(task);
    }

    private static void runThenHandedOff(Runnable first) {
        ArrayDeque<Runnable> handedOff = new ArrayDeque<>(1);
        HANDED_OFF.set(handedOff);
        try {
            for (Runnable task = first; task != null; task = handedOff.poll()) {
                Thread.interrupted();
                MDC.clear();
                try {
                    task.run();
                } catch (Throwable e) {
                    LOG.error("an engine task failed", e);
                }
            }
        } finally {
            HANDED_OFF.remove();
        }
    }
}
