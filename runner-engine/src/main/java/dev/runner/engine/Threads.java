package dev.runner.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Owns how the engine makes threads: every call into a service runs on a virtual thread named
 * {@code <runner>/<service>/<call>}, so a thread dump shows whose call is stuck, and every engine
 * thread knows which runner owns it, so that a runner called from its own thread (a service that
 * stops its runner from its {@code start}) does not wait for itself.
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

    /** A task and the runner it runs for. */
    private record Task(String name, Object owner, Runnable body) {
    }

    /**
     * What the current engine thread knows: the runner its task runs for, and whether it takes a
     * handed-off task and which. One object per thread, so an engine thread sets one thread-local.
     */
    private static final class Current {
        Object owner;
        final boolean takesHandOff;
        Task handedOff;         // at most one, taken when the current task ends

        Current(Object owner, boolean takesHandOff) {
            this.owner = owner;
            this.takesHandOff = takesHandOff;
        }
    }

    /** Null on threads that are not the engine's. */
    private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();

    private Threads() {
    }

    /** Runs {@code task} for {@code owner} on a new virtual thread named {@code name}. */
    static void start(String name, Object owner, Runnable task) {
        Thread.ofVirtual().name(name).start(() -> runThenHandedOff(new Task(name, owner, task)));
    }

    /**
     * Runs {@code task} on this engine thread once its current task has ended, if it has taken no
     * other task; otherwise on a new virtual thread named {@code name}.
     */
    static void handOff(String name, Object owner, Runnable task) {
        Current current = CURRENT.get();
        if (current != null && current.takesHandOff && current.handedOff == null) {
            current.handedOff = new Task(name, owner, task);
        } else {
            start(name, owner, task);
        }
    }

    /** Starts a virtual thread named {@code name} for {@code owner} that never takes handed-off tasks. */
    static Thread startOwned(String name, Object owner, Runnable task) {
        return Thread.ofVirtual().name(name).start(() -> {
            CURRENT.set(new Current(owner, false));
            task.run();
        });
    }

    /** Starts a virtual thread named {@code name} that belongs to no runner. */
    static Thread startPlain(String name, Runnable task) {
        return Thread.ofVirtual().name(name).start(task);
    }

    /** Tells whether the current thread runs a task of {@code owner}'s. */
    static boolean ownedBy(Object owner) {
        Current current = CURRENT.get();
        return current != null && current.owner == owner;
    }

    private static void runThenHandedOff(Task first) {
        Current current = new Current(first.owner(), true);
        CURRENT.set(current); // no remove(): this virtual thread ends with this method
        for (Task task = first; task != null; task = current.handedOff) {
            current.handedOff = null;
            Thread.interrupted();
            MDC.clear();
            if (task != first) {
                Thread.currentThread().setName(task.name());
            }
            current.owner = task.owner();
            try {
                task.body().run();
            } catch (Throwable e) {
                LOG.error("an engine task failed", e);
            }
        }
    }
}
